package io.streamplane.oca.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

  private static final byte[] K1 = "k1-secret-k1-secret-k1-secret-32".getBytes(StandardCharsets.UTF_8);
  private static final byte[] K2 = "k2-secret-k2-secret-k2-secret-32".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final UrlSigner SIGNER = new UrlSigner(new SigningKeys("k1", Map.of("k1", K1)), CLOCK);
  private static final UrlSigner.Grant GRANT = new UrlSigner.Grant("/titles/80057281/", NOW.plusSeconds(600),
      "play-42", CidrBlock.parse("198.51.100.0/24"));
  private static final String PATH = "/titles/80057281/video/720p/seg-00001.m4s";

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private static UrlSigner.Rejection rejection(UrlSigner signer, String token, String path, String client)
      throws Exception {
    UrlSigner.Verdict verdict = signer.verify(token, path, ip(client));
    return verdict.accepted() ? null : verdict.rejection();
  }

  @Test
  void aSignedTokenVerifiesAndCarriesTheGrant() throws Exception {
    String token = SIGNER.sign(GRANT);
    UrlSigner.Verdict verdict = SIGNER.verify(token, PATH, ip("198.51.100.7"));
    assertTrue(verdict.accepted());
    assertEquals(GRANT, verdict.grant());
    assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "fits in one URL path segment: " + token);
  }

  @Test
  void expiryPathAndClientAreEnforced() throws Exception {
    String token = SIGNER.sign(GRANT);
    UrlSigner later = new UrlSigner(new SigningKeys("k1", Map.of("k1", K1)),
        Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));
    assertEquals(UrlSigner.Rejection.EXPIRED, rejection(later, token, PATH, "198.51.100.7"));
    assertEquals(UrlSigner.Rejection.PATH_MISMATCH, rejection(SIGNER, token, "/titles/80057282/a.m4s",
        "198.51.100.7"));
    assertEquals(UrlSigner.Rejection.PATH_MISMATCH, rejection(SIGNER, token, "/titles/800572810/a.m4s",
        "198.51.100.7"));
    assertEquals(UrlSigner.Rejection.CLIENT_MISMATCH, rejection(SIGNER, token, PATH, "198.51.101.7"));
  }

  @Test
  void aTokenVerifiedBeforeStillExpiresAndStaysBoundToPathAndClient() throws Exception {
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    UrlSigner signer = new UrlSigner(new SigningKeys("k1", Map.of("k1", K1)), moving);
    String token = signer.sign(GRANT);
    assertTrue(signer.verify(token, PATH, ip("198.51.100.7")).accepted());
    assertEquals(UrlSigner.Rejection.PATH_MISMATCH, rejection(signer, token, "/titles/other/a.m4s", "198.51.100.7"));
    assertEquals(UrlSigner.Rejection.CLIENT_MISMATCH, rejection(signer, token, PATH, "10.0.0.1"));
    now[0] = NOW.plusSeconds(601);
    assertEquals(UrlSigner.Rejection.EXPIRED, rejection(signer, token, PATH, "198.51.100.7"));
  }

  @Test
  void forgedTokensAreRefused() throws Exception {
    String token = SIGNER.sign(GRANT);
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String widened = payload.replace("198.51.100.0/24", "0.0.0.0/0");
    String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes(
        StandardCharsets.UTF_8)) + "." + parts[1];
    assertEquals(UrlSigner.Rejection.BAD_SIGNATURE, rejection(SIGNER, forgedPayload, PATH, "203.0.113.1"));

    assertEquals(UrlSigner.Rejection.BAD_SIGNATURE, rejection(SIGNER, parts[0] + ".", PATH, "198.51.100.7"));
    UrlSigner otherKey = new UrlSigner(new SigningKeys("k1", Map.of("k1", K2)), CLOCK);
    assertEquals(UrlSigner.Rejection.BAD_SIGNATURE, rejection(SIGNER, otherKey.sign(GRANT), PATH, "198.51.100.7"));
    for (String garbage : new String[] {"", ".", "abc", "a.b.c", "!!.??", "x".repeat(5000)}) {
      assertEquals(UrlSigner.Rejection.MALFORMED, rejection(SIGNER, garbage, PATH, "198.51.100.7"), garbage);
    }
  }

  @Test
  void rotationAcceptsOldAndNewKeysAndRefusesUnknownOnes() throws Exception {
    UrlSigner oldSigner = SIGNER;
    UrlSigner rotated = new UrlSigner(new SigningKeys("k2", Map.of("k2", K2, "k1", K1)), CLOCK);
    UrlSigner onlyNew = new UrlSigner(new SigningKeys("k2", Map.of("k2", K2)), CLOCK);
    String oldToken = oldSigner.sign(GRANT);
    String newToken = rotated.sign(GRANT);
    assertTrue(rotated.verify(oldToken, PATH, ip("198.51.100.7")).accepted());
    assertTrue(rotated.verify(newToken, PATH, ip("198.51.100.7")).accepted());
    assertEquals(UrlSigner.Rejection.UNKNOWN_KEY, rejection(onlyNew, oldToken, PATH, "198.51.100.7"));
    assertEquals(UrlSigner.Rejection.UNKNOWN_KEY, rejection(oldSigner, newToken, PATH, "198.51.100.7"));
  }

  @Test
  void grantsAndKeysAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new UrlSigner.Grant("/titles/1", NOW, "s",
        CidrBlock.parse("10.0.0.0/8")));
    assertThrows(IllegalArgumentException.class, () -> new UrlSigner.Grant("/titles/../", NOW, "s",
        CidrBlock.parse("10.0.0.0/8")));
    assertThrows(IllegalArgumentException.class, () -> new UrlSigner.Grant("/titles/1/", NOW, "a\nb",
        CidrBlock.parse("10.0.0.0/8")));
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("k1=c2hvcnQ="));
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("k1"));
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("k1=###"));
    assertEquals("k2", SigningKeys.parse("k2=" + Base64.getEncoder().encodeToString(K2) + ",k1="
        + Base64.getEncoder().encodeToString(K1)).activeKeyId());
  }
}
