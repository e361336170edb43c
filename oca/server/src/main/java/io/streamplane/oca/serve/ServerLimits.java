package io.streamplane.oca.serve;

import java.time.Duration;

/**
 * Bounds on what one client can make the server hold: header size and count, time to send a request head (slow
 * clients), time a keep-alive connection may stay idle, time a stalled reader may block a response, and connections.
 */
public record ServerLimits(int maxHeaderBytes, int maxHeaders, Duration requestParseTimeout, Duration idleTimeout,
    Duration writeTimeout, int maxConnections) {

  public ServerLimits {
    if (maxHeaderBytes < 1024 || maxHeaders < 8 || maxConnections < 1) {
      throw new IllegalArgumentException("limits too small to serve a request");
    }
    if (requestParseTimeout.isNegative() || requestParseTimeout.isZero() || idleTimeout.isNegative()
        || idleTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** Players send a handful of short headers; segments of a few MB go out within seconds on a healthy link. */
  public static ServerLimits defaults() {
    return new ServerLimits(16 * 1024, 64, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60),
        10_000);
  }

  public ServerLimits withRequestParseTimeout(Duration timeout) {
    return new ServerLimits(maxHeaderBytes, maxHeaders, timeout, idleTimeout, writeTimeout, maxConnections);
  }

  public ServerLimits withIdleTimeout(Duration timeout) {
    return new ServerLimits(maxHeaderBytes, maxHeaders, requestParseTimeout, timeout, writeTimeout, maxConnections);
  }

  public ServerLimits withMaxConnections(int connections) {
    return new ServerLimits(maxHeaderBytes, maxHeaders, requestParseTimeout, idleTimeout, writeTimeout, connections);
  }
}
