package io.streamplane.gateway.auth;

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
import java.util.List;

/**
 * Verifies the identity service's access tokens: ES256 only (a token cannot choose a weaker algorithm), type
 * {@code at+jwt} (refresh tokens are not access tokens), a key from the JWKS, the expected issuer and audience, and
 * an expiry in the future.
 */
public final class AccessTokenVerifier {
  private static final JOSEObjectType ACCESS = new JOSEObjectType("at+jwt");
  private static final String AUDIENCE = "streamplane";
  private static final int MAX_TOKEN_LENGTH = 8192;

  private final JwksKeys keys;
  private final String issuer;
  private final Clock clock;

  public AccessTokenVerifier(JwksKeys keys, String issuer, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
  }

  public VerifiedCaller verify(String token) throws UnauthenticatedException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw invalid();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !ACCESS.equals(header.getType())
          || header.getKeyID() == null) {
        throw invalid();
      }
      JWK key = keys.find(header.getKeyID());
      if (!(key instanceof ECKey ec) || !jwt.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
        throw invalid();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(AUDIENCE) || claims.getSubject() == null
          || claims.getExpirationTime() == null) {
        throw invalid();
      }
      if (!claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
        throw new UnauthenticatedException("the access token has expired; refresh it");
      }
      List<String> roles = claims.getStringListClaim("roles");
      return new VerifiedCaller(claims.getSubject(), claims.getStringClaim("profile"),
          claims.getStringClaim("country"), roles == null ? List.of() : roles);
    } catch (ParseException | JOSEException e) {
      throw invalid();
    }
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException("the access token is invalid");
  }
}
