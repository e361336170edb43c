package io.streamplane.oca;

import io.streamplane.oca.access.AccessHandler;
import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.metrics.MetricsHandler;
import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.serve.SegmentHandler;
import io.streamplane.oca.serve.SegmentServer;
import io.streamplane.oca.serve.ServerLimits;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import io.undertow.server.HttpHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The origin: the appliance's segment server over the encoder's output directory ({@code <dir>/<titleId>/...}),
 * read-only, with no agent and no fills. Appliances fill from it and steering offers it last; every URL still needs a
 * signed token, exactly as on an appliance ({@code /s/<token>/titles/<titleId>/<path>}).
 */
public final class Origin implements AutoCloseable {

  private static final Set<String> KNOWN = Set.of("dir", "http-port", "host", "signing-keys", "prefixes");

  /** Settings of the origin; {@link #parse} reads {@code --dir --http-port --signing-keys [--host] [--prefixes]}. */
  public record Config(Path dir, String host, int httpPort, AdvertisedPrefixes prefixes, SigningKeys signingKeys) {
    static Config parse(String... args) {
      Map<String, String> flags = new HashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || !KNOWN.contains(args[i].substring(2)) || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown flag or missing value: '" + args[i] + "'");
        }
        flags.put(args[i].substring(2), args[i + 1]);
      }
      for (String required : new String[] {"dir", "http-port", "signing-keys"}) {
        if (!flags.containsKey(required)) {
          throw new IllegalArgumentException("--" + required + " is required");
        }
      }
      String port = flags.get("http-port");
      if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("--http-port must be 0..65535");
      }
      return new Config(Path.of(flags.get("dir")), flags.getOrDefault("host", "0.0.0.0"), Integer.parseInt(port),
          AdvertisedPrefixes.parse(flags.getOrDefault("prefixes", "0.0.0.0/0,::/0")),
          SigningKeys.parse(flags.get("signing-keys")));
    }
  }

  private final SegmentServer http;

  private Origin(Config config) {
    ServingMetrics metrics = new ServingMetrics();
    ContentStore store = ContentStore.origin(config.dir());
    // Appliances absorb the load; the origin only sees fills and last-resort sessions, so no RAM tier.
    HttpHandler content = new AccessHandler(config.prefixes(), new UrlSigner(config.signingKeys(), Clock.systemUTC()),
        metrics, new SegmentHandler(store, new RamTier(0, 0, 1), metrics));
    HttpHandler metricsPage = new MetricsHandler(metrics);
    HttpHandler root = exchange -> {
      exchange.addExchangeCompleteListener((done, next) -> {
        metrics.recordResponse(done.getStatusCode(), done.getResponseBytesSent());
        next.proceed();
      });
      (exchange.getRequestPath().equals("/metrics") ? metricsPage : content).handleRequest(exchange);
    };
    this.http = new SegmentServer(config.host(), config.httpPort(), root, ServerLimits.defaults(), Optional.empty())
        .start();
  }

  public static Origin start(Config config) {
    return new Origin(config);
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
  }

  /** {@code oca-server.jar origin --dir DIR --http-port N --signing-keys kid=base64,... [--host A] [--prefixes C]}. */
  static void main(String... args) throws InterruptedException {
    Config config;
    try {
      config = Config.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("oca-server origin: " + e.getMessage());
      System.err.println("usage: origin --dir DIR --http-port N --signing-keys kid=base64,... [--host ADDR]"
          + " [--prefixes CIDR,...]");
      System.exit(2);
      return;
    }
    Origin origin = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(origin::close, "oca-origin-shutdown"));
    System.out.printf("oca-server origin: HTTP on %s:%d, serving %s%n", config.host(), origin.httpPort(),
        config.dir().toAbsolutePath());
    Thread.currentThread().join();
  }
}
