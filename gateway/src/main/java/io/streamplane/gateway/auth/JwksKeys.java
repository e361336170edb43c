package io.streamplane.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The identity service's public signing keys, fetched from its JWKS URL and cached. The set is re-fetched when it is
 * older than {@code maxAge}, and when a token names a key id it does not hold (the identity rotated) — at most once
 * per {@code minRefreshInterval}, so tokens with made-up key ids cannot turn the gateway into a JWKS flood. Fetches
 * have a timeout; when one fails, the last good set stays in use.
 */
public final class JwksKeys {
  private final URI url;
  private final Duration timeout;
  private final Duration maxAge;
  private final Duration minRefreshInterval;
  private final Clock clock;
  private final Consumer<String> log;
  private final HttpClient http;
  private volatile JWKSet keys = new JWKSet();
  private volatile Instant fetchedAt = Instant.EPOCH;
  private volatile Instant lastAttempt = Instant.EPOCH;

  public JwksKeys(URI url, Duration timeout, Duration maxAge, Duration minRefreshInterval, Clock clock,
      Consumer<String> log) {
    this.url = url;
    this.timeout = timeout;
    this.maxAge = maxAge;
    this.minRefreshInterval = minRefreshInterval;
    this.clock = clock;
    this.log = log;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public static JwksKeys of(URI url, Consumer<String> log) {
    return new JwksKeys(url, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(10), Clock.systemUTC(),
        log);
  }

  /** The key with this id, re-fetching the set if it is stale or lacks the id; null when still unknown. */
  public JWK find(String kid) {
    JWK key = keys.getKeyByKeyId(kid);
    Instant now = clock.instant();
    boolean stale = fetchedAt.plus(maxAge).isBefore(now);
    if ((key == null || stale) && lastAttempt.plus(minRefreshInterval).isBefore(now)) {
      refresh();
      key = keys.getKeyByKeyId(kid);
    }
    return key;
  }

  /** Fetches the set now; false (keeping the previous set) when the identity service did not answer properly. */
  public synchronized boolean refresh() {
    lastAttempt = clock.instant();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        log.accept("JWKS " + url + " answered HTTP " + response.statusCode());
        return false;
      }
      keys = JWKSet.parse(response.body());
      fetchedAt = clock.instant();
      return true;
    } catch (IOException | ParseException e) {
      log.accept("JWKS " + url + " could not be fetched: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
