package io.streamplane.platform.caller;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who is calling, as forwarded by the gateway in request headers (the gateway verifies tokens; subgraphs trust
 * only the gateway). Anonymous browse traffic has a country and no account. {@code sessionId} is the sign-in the
 * access token belongs to (its {@code sid}), so a service can refuse a caller whose sign-in was revoked.
 */
public record Caller(String country, String accountId, String profileId, Set<String> roles, String sessionId) {
  public static final String COUNTRY_HEADER = "x-streamplane-country";
  public static final String ACCOUNT_HEADER = "x-streamplane-account";
  public static final String PROFILE_HEADER = "x-streamplane-profile";
  public static final String ROLES_HEADER = "x-streamplane-roles";
  public static final String SESSION_HEADER = "x-streamplane-session";

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Reads the caller from headers; a missing or malformed country falls back to {@code defaultCountry} (browse must
   * keep working for clients the gateway could not place).
   */
  public static Caller fromHeaders(Function<String, String> header, String defaultCountry) {
    String country = normaliseCountry(header.apply(COUNTRY_HEADER));
    String roles = header.apply(ROLES_HEADER);
    return new Caller(
        country == null ? defaultCountry : country,
        blankToNull(header.apply(ACCOUNT_HEADER)),
        blankToNull(header.apply(PROFILE_HEADER)),
        roles == null || roles.isBlank() ? Set.of() : Set.of(roles.trim().split("\\s*,\\s*")),
        blankToNull(header.apply(SESSION_HEADER)));
  }

  /** Upper-cased ISO 3166-1 alpha-2 code, or null when the value is not one. */
  public static String normaliseCountry(String value) {
    if (value == null) {
      return null;
    }
    String upper = value.trim().toUpperCase(Locale.ROOT);
    return COUNTRY.matcher(upper).matches() ? upper : null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
