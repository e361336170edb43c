package io.streamplane.oca.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrBlockTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void ipv4Prefixes() throws Exception {
    CidrBlock block = CidrBlock.parse("10.20.0.0/16");
    assertTrue(block.contains(ip("10.20.255.1")));
    assertFalse(block.contains(ip("10.21.0.1")));
    assertFalse(block.contains(ip("::1")));
    assertTrue(CidrBlock.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    assertTrue(CidrBlock.parse("192.0.2.7").contains(ip("192.0.2.7")));
    assertFalse(CidrBlock.parse("192.0.2.7").contains(ip("192.0.2.8")));
  }

  @Test
  void ipv6PrefixesAndOddLengths() throws Exception {
    CidrBlock block = CidrBlock.parse("2001:db8:abcd::/45");
    assertTrue(block.contains(ip("2001:db8:abcf:1::1")));
    assertFalse(block.contains(ip("2001:db8:abd0::1")));
    assertFalse(block.contains(ip("10.0.0.1")));
  }

  @Test
  void hostBitsAreMaskedAndTheTextIsCanonical() {
    assertEquals("10.20.0.0/16", CidrBlock.parse("10.20.30.40/16").toString());
    assertEquals(CidrBlock.parse("10.20.0.0/16"), CidrBlock.parse(CidrBlock.parse("10.20.30.40/16").toString()));
  }

  @Test
  void rejectsHostNamesAndBadLengths() {
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("example.com/8"));
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.0/"));
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.0/-1"));
    assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("::1/129"));
    assertThrows(IllegalArgumentException.class, () -> AdvertisedPrefixes.parse(" , "));
  }
}
