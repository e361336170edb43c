package io.streamplane.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request's {@code Authorization} header into the caller headers the subgraphs trust (the platform's Caller:
 * x-streamplane-account, -profile, -country, -roles, and -session, the token's sign-in, which subgraphs check for
 * revocation) plus the client address for rate limits. Subgraphs believe these
 * headers, so a client's own values for them are never forwarded. {@link #NONE} (no {@code --jwks-url}) forwards
 * nothing and strips nothing: the gateway behaves as it did before identity existed.
 */
public final class CallerAuthenticator {
  public static final String ACCOUNT_HEADER = "x-streamplane-account";
  public static final String PROFILE_HEADER = "x-streamplane-profile";
  public static final String COUNTRY_HEADER = "x-streamplane-country";
  public static final String ROLES_HEADER = "x-streamplane-roles";
  public static final String SESSION_HEADER = "x-streamplane-session";
  public static final String CLIENT_IP_HEADER = "x-streamplane-client-ip";
  public static final Set<String> CALLER_HEADERS =
      Set.of(ACCOUNT_HEADER, PROFILE_HEADER, COUNTRY_HEADER, ROLES_HEADER, SESSION_HEADER, CLIENT_IP_HEADER);

  public static final CallerAuthenticator NONE = new CallerAuthenticator(null);

  private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9._~+/-]+=*) *");
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._,:-]{1,200}");

  private final AccessTokenVerifier verifier;

  public CallerAuthenticator(AccessTokenVerifier verifier) {
    this.verifier = verifier;
  }

  public boolean enabled() {
    return verifier != null;
  }

  /** Whether a client header of this name must not reach the subgraphs. */
  public boolean strips(String headerName) {
    return enabled() && CALLER_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /**
   * The caller headers for a request: empty apart from the client address without an Authorization header
   * (anonymous browsing), the verified caller with a valid bearer token.
   *
   * @throws UnauthenticatedException for a malformed, tampered, expired or unverifiable token
   */
  public Map<String, String> callerHeaders(String authorization, String clientAddress)
      throws UnauthenticatedException {
    if (!enabled()) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (clientAddress != null) {
      headers.put(CLIENT_IP_HEADER, clientAddress);
    }
    if (authorization == null || authorization.isBlank()) {
      return headers;
    }
    var bearer = BEARER.matcher(authorization);
    if (!bearer.matches()) {
      throw new UnauthenticatedException("the Authorization header must be \"Bearer <access token>\"");
    }
    VerifiedCaller caller = verifier.verify(bearer.group(1));
    put(headers, ACCOUNT_HEADER, caller.account());
    put(headers, PROFILE_HEADER, caller.profile());
    put(headers, COUNTRY_HEADER, caller.country());
    put(headers, ROLES_HEADER, caller.roles().isEmpty() ? null : String.join(",", caller.roles()));
    put(headers, SESSION_HEADER, caller.session());
    return headers;
  }

  /** Signed claims are trusted, but header values still must not smuggle line breaks or odd bytes. */
  private static void put(Map<String, String> headers, String name, String value) throws UnauthenticatedException {
    if (value == null) {
      return;
    }
    if (!SAFE_VALUE.matcher(value).matches()) {
      throw new UnauthenticatedException("the access token is invalid");
    }
    headers.put(name, value);
  }
}
