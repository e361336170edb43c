package io.streamplane.gateway.server;

import io.streamplane.gateway.auth.CallerAuthenticator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the HTTP edge allows and passes on.
 *
 * @param corsOrigins browser origins allowed to call the gateway ({@code *} for any); empty: no CORS headers
 * @param propagatedHeaders client request headers forwarded to every subgraph call (names, case-insensitive)
 * @param authenticator verifies bearer tokens and supplies the caller headers ({@link CallerAuthenticator#NONE}: off)
 */
public record HttpPolicy(Set<String> corsOrigins, List<String> propagatedHeaders, CallerAuthenticator authenticator) {

  public HttpPolicy {
    corsOrigins = Set.copyOf(corsOrigins);
    propagatedHeaders = propagatedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct()
        .filter(h -> !authenticator.strips(h)).toList();
  }

  public HttpPolicy(Set<String> corsOrigins, List<String> propagatedHeaders) {
    this(corsOrigins, propagatedHeaders, CallerAuthenticator.NONE);
  }

  /** The value for {@code Access-Control-Allow-Origin}, or null when {@code origin} may not call the gateway. */
  String allowedOrigin(String origin) {
    if (origin == null || corsOrigins.isEmpty()) {
      return null;
    }
    if (corsOrigins.contains("*")) {
      return "*";
    }
    return corsOrigins.contains(origin) ? origin : null;
  }
}
