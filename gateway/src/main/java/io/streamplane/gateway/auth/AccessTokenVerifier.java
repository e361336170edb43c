package io.streamplane.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies the identity service's access tokens: ES256 only (a token cannot choose a weaker algorithm), type
 * {@code at+jwt} (refresh tokens are not access tokens), a key from the JWKS, the expected issuer and audience, and
 * an expiry in the future.
 *
 * <p>An ES256 signature check costs about a millisecond of CPU, and a player sends the same token with every request
 * for its ten-minute life, so tokens that verified are remembered (bounded, in-process). A remembered token is still
 * refused once it expires or once its signing key is no longer in the JWKS (a withdrawn key ends its tokens at the
 * next JWKS refresh, as for tokens never seen before).
 */
public final class AccessTokenVerifier {
  private static final JOSEObjectType ACCESS = new JOSEObjectType("at+jwt");
  private static final String AUDIENCE = "streamplane";
  private static final int MAX_TOKEN_LENGTH = 8192;
  private static final int REMEMBERED_TOKENS = 50_000;

  /** What a verified token proved, and until when. */
  private record Verified(VerifiedCaller caller, String keyId, Instant expiresAt) {}

  private final JwksKeys keys;
  private final String issuer;
  private final Clock clock;
  private final Cache<String, Verified> verified;
  private final LongAdder signatureChecks = new LongAdder();

  public AccessTokenVerifier(JwksKeys keys, String issuer, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    // Access tokens live ten minutes; an entry never outlives that even if its token claims longer.
    this.verified = Caffeine.newBuilder().maximumSize(REMEMBERED_TOKENS).expireAfterWrite(Duration.ofMinutes(10))
        .build();
  }

  public VerifiedCaller verify(String token) throws UnauthenticatedException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw invalid();
    }
    Verified known = verified.getIfPresent(token);
    if (known != null) {
      if (keys.find(known.keyId()) == null) {
        verified.invalidate(token);
        throw invalid();
      }
      requireUnexpired(known.expiresAt());
      return known.caller();
    }
    Verified fresh = verifySignatureAndClaims(token);
    requireUnexpired(fresh.expiresAt());
    verified.put(token, fresh);
    return fresh.caller();
  }

  /** How many tokens had their signature checked (the rest were remembered); for tests and metrics. */
  long signatureChecks() {
    return signatureChecks.sum();
  }

  private Verified verifySignatureAndClaims(String token) throws UnauthenticatedException {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !ACCESS.equals(header.getType())
          || header.getKeyID() == null) {
        throw invalid();
      }
      JWK key = keys.find(header.getKeyID());
      if (!(key instanceof ECKey ec)) {
        throw invalid();
      }
      signatureChecks.increment();
      if (!jwt.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
        throw invalid();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(AUDIENCE) || claims.getSubject() == null
          || claims.getExpirationTime() == null) {
        throw invalid();
      }
      List<String> roles = claims.getStringListClaim("roles");
      return new Verified(new VerifiedCaller(claims.getSubject(), claims.getStringClaim("profile"),
          claims.getStringClaim("country"), roles == null ? List.of() : roles, claims.getStringClaim("sid")),
          header.getKeyID(),
          claims.getExpirationTime().toInstant());
    } catch (ParseException | JOSEException e) {
      throw invalid();
    }
  }

  private void requireUnexpired(Instant expiresAt) throws UnauthenticatedException {
    if (!expiresAt.isAfter(clock.instant())) {
      throw new UnauthenticatedException("the access token has expired; refresh it");
    }
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException("the access token is invalid");
  }
}
