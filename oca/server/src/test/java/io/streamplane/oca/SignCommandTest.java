package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import java.net.InetAddress;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SignCommandTest {

  @Test
  void printsATokenTheApplianceAccepts() throws Exception {
    String token = SignCommand.run("--signing-keys", TestAppliance.KEYS, "--path-prefix", "/titles/t1/",
        "--client-prefix", "127.0.0.0/8", "--valid-seconds", "60");
    UrlSigner verifier = new UrlSigner(SigningKeys.parse(TestAppliance.KEYS), Clock.systemUTC());
    assertTrue(verifier.verify(token, "/titles/t1/a.m4s", InetAddress.getByName("127.0.0.1")).accepted());
    assertThrows(IllegalArgumentException.class, () -> SignCommand.run("--signing-keys", TestAppliance.KEYS));
  }
}
