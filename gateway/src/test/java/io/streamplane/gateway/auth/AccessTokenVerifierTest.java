package io.streamplane.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remembered tokens: verified once, yet still refused after their expiry and after their key leaves the JWKS. */
class AccessTokenVerifierTest {
  private static final String ISSUER = "streamplane-identity";

  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock = new Clock() {
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
      return now.get();
    }
  };
  private HttpServer jwks;
  private ECKey key;
  private AccessTokenVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    published.set(new JWKSet(key.toPublicJWK()));
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks", exchange -> {
      byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jwks.start();
    JwksKeys keys = new JwksKeys(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"),
        Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(10), clock, message -> { });
    verifier = new AccessTokenVerifier(keys, ISSUER, clock);
  }

  @AfterEach
  void stop() {
    jwks.stop(0);
  }

  private String token(Instant expires) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
        .keyID(key.getKeyID()).build(), new JWTClaimsSet.Builder().issuer(ISSUER).audience("streamplane")
        .subject("acc-1").claim("profile", "prof-1").claim("country", "FR").claim("roles", List.of("member"))
        .claim("sid", "sess-1").expirationTime(Date.from(expires)).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void aTokenUsedManyTimesHasItsSignatureCheckedOnce() throws Exception {
    String token = token(now.get().plusSeconds(600));
    for (int i = 0; i < 100; i++) {
      VerifiedCaller caller = verifier.verify(token);
      assertEquals("acc-1", caller.account());
      assertEquals("prof-1", caller.profile());
      assertEquals("sess-1", caller.session(), "a remembered token keeps its sign-in");
    }
    assertEquals(1, verifier.signatureChecks());
    verifier.verify(token(now.get().plusSeconds(599)));
    assertEquals(2, verifier.signatureChecks(), "another token is checked on its own");
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    String token = token(now.get().plusSeconds(60));
    verifier.verify(token);
    now.set(now.get().plusSeconds(61));
    UnauthenticatedException refused = assertThrows(UnauthenticatedException.class, () -> verifier.verify(token));
    assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
  }

  @Test
  void aRememberedTokenIsRefusedOnceItsKeyLeavesTheJwks() throws Exception {
    String token = token(now.get().plusSeconds(600));
    verifier.verify(token);
    ECKey next = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
    published.set(new JWKSet(next.toPublicJWK()));   // k1 withdrawn (e.g. compromised)
    now.set(now.get().plus(Duration.ofMinutes(5)).plusSeconds(1));   // past the JWKS max age: the set is re-read
    assertThrows(UnauthenticatedException.class, () -> verifier.verify(token));
    assertEquals(1, verifier.signatureChecks(), "refused without a second signature check");
  }
}
