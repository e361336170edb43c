package io.streamplane.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Issues and verifies the ES256 JWTs. Access tokens ({@code typ: at+jwt}, RFC 9068) carry the caller the gateway
 * forwards; refresh tokens ({@code typ: refresh+jwt}) carry only their session and generation. Expiry is checked
 * without leeway: the replicas' clocks are NTP-synchronised and lifetimes are minutes.
 */
public final class Tokens {
  public static final JOSEObjectType ACCESS_TYPE = new JOSEObjectType("at+jwt");
  public static final JOSEObjectType REFRESH_TYPE = new JOSEObjectType("refresh+jwt");
  public static final String AUDIENCE = "streamplane";

  private final KeyRing ring;
  private final String issuer;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;

  public Tokens(KeyRing ring, String issuer, Duration accessTtl, Duration refreshTtl, Clock clock) {
    this.ring = ring;
    this.issuer = issuer;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  public Duration accessTtl() {
    return accessTtl;
  }

  public Duration refreshTtl() {
    return refreshTtl;
  }

  public String issueAccess(UUID account, UUID profile, String country, List<String> roles, UUID session) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = base(account, now, accessTtl)
        .claim("sid", session.toString())
        .claim("country", country)
        .claim("roles", roles);
    if (profile != null) {
      claims.claim("profile", profile.toString());
    }
    return sign(ACCESS_TYPE, claims.build());
  }

  public String issueRefresh(UUID session, UUID account, int generation) {
    return sign(REFRESH_TYPE, base(account, clock.instant(), refreshTtl)
        .claim("sid", session.toString()).claim("gen", generation).build());
  }

  public AccessClaims verifyAccess(String token) {
    JWTClaimsSet claims = verify(token, ACCESS_TYPE);
    try {
      String profile = claims.getStringClaim("profile");
      List<String> roles = claims.getStringListClaim("roles");
      return new AccessClaims(UUID.fromString(claims.getSubject()), profile == null ? null : UUID.fromString(profile),
          claims.getStringClaim("country"), roles == null ? List.of() : roles,
          UUID.fromString(claims.getStringClaim("sid")), claims.getExpirationTime().toInstant());
    } catch (ParseException | RuntimeException e) {
      throw invalid();
    }
  }

  public RefreshClaims verifyRefresh(String token) {
    JWTClaimsSet claims = verify(token, REFRESH_TYPE);
    try {
      return new RefreshClaims(UUID.fromString(claims.getStringClaim("sid")), UUID.fromString(claims.getSubject()),
          claims.getIntegerClaim("gen"), claims.getExpirationTime().toInstant());
    } catch (ParseException | RuntimeException e) {
      throw invalid();
    }
  }

  private JWTClaimsSet.Builder base(UUID account, Instant now, Duration ttl) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(AUDIENCE)
        .subject(account.toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString());
  }

  private String sign(JOSEObjectType type, JWTClaimsSet claims) {
    ECKey key = ring.keys().current();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(),
        claims);
    try {
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  /** Signature by a key of the ring (reloaded once for an unknown key id), type, issuer and expiry. */
  private JWTClaimsSet verify(String token, JOSEObjectType type) {
    if (token == null || token.isBlank() || token.length() > 8192) {
      throw invalid();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token.trim());
      JWSHeader header = jwt.getHeader();
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !type.equals(header.getType())
          || header.getKeyID() == null) {
        throw invalid();
      }
      ECKey key = ring.keys().find(header.getKeyID());
      if (key == null) {
        ring.reloadForUnknownKey();
        key = ring.keys().find(header.getKeyID());
      }
      if (key == null || !jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
        throw invalid();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || claims.getExpirationTime() == null || claims.getSubject() == null) {
        throw invalid();
      }
      if (!claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
        throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the token has expired");
      }
      return claims;
    } catch (ParseException | JOSEException e) {
      throw invalid();
    }
  }

  private static ServiceException invalid() {
    return new ServiceException(ErrorCode.UNAUTHENTICATED, "the token is invalid");
  }
}
