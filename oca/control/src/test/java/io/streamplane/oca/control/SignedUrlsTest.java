package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What steering signs, an appliance accepts: same token format, bound to the title, session and client network. */
class SignedUrlsTest {
  private final SigningKeys keys = new SigningKeys("k1", Map.of("k1", "0123456789abcdef0123456789abcdef"
      .getBytes(StandardCharsets.US_ASCII)));
  private final UrlSigner signer = new UrlSigner(keys, Clock.systemUTC());

  @Test
  void anApplianceVerifiesWhatSteeringSigned() throws Exception {
    InetAddress client = InetAddress.getByName("10.1.2.3");
    String prefix = new SignedUrls(signer).signedPathPrefix("80000001", "sess-9", client,
        Instant.now().plusSeconds(3600));
    assertTrue(prefix.startsWith("/s/") && prefix.endsWith("/titles/80000001/"), prefix);
    String token = prefix.substring(3, prefix.indexOf("/titles/"));
    String path = "/titles/80000001/video/720p/seg-00001.m4s";

    assertTrue(signer.verify(token, path, InetAddress.getByName("10.1.2.200")).accepted(), "same /24");
    assertEquals(UrlSigner.Rejection.CLIENT_MISMATCH,
        signer.verify(token, path, InetAddress.getByName("10.9.2.3")).rejection());
    assertEquals(UrlSigner.Rejection.PATH_MISMATCH,
        signer.verify(token, "/titles/80000002/video/720p/seg-00001.m4s", client).rejection());
  }

  @Test
  void directedCachePrefixes() throws Exception {
    assertTrue(SignedUrls.advertises(List.of("192.0.2.0/24", "10.1.0.0/16"), InetAddress.getByName("10.1.9.9")));
    assertFalse(SignedUrls.advertises(List.of("10.1.0.0/16"), InetAddress.getByName("10.2.0.1")));
    assertTrue(SignedUrls.advertises(List.of("2001:db8::/32"), InetAddress.getByName("2001:db8:1::5")));
  }
}
