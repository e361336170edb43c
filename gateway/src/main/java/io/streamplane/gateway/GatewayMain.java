package io.streamplane.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplane.federation.supergraph.Subgraph;
import io.streamplane.federation.supergraph.SupergraphException;
import io.streamplane.gateway.auth.AccessTokenVerifier;
import io.streamplane.gateway.auth.CallerAuthenticator;
import io.streamplane.gateway.auth.JwksKeys;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.metrics.MeteredSubgraphCaller;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.server.GatewayServer;
import io.streamplane.gateway.server.HttpPolicy;
import io.streamplane.gateway.supergraph.SupergraphFile;
import io.streamplane.gateway.supergraph.SupergraphFollower;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import io.streamplane.gateway.usage.UsageReporter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the gateway in the foreground: {@code --supergraph <file> --port <n>} or positionally {@code <file> <port>}.
 * Options: {@code --host} (default 127.0.0.1), {@code --timeout-ms} (default per subgraph, 10000),
 * {@code --timeout <subgraph>=<ms>}, {@code --no-introspection}, {@code --cors-origin <origin|*>} (repeatable),
 * {@code --propagate-header <name>} (repeatable: client headers forwarded to the subgraphs),
 * {@code --jwks-url <identity JWKS>} (verify bearer tokens, answer bad ones 401 UNAUTHENTICATED, forward the verified
 * caller as x-streamplane-* headers and never the client's own) with {@code --jwt-issuer} (default streamplane-identity).
 */
public final class GatewayMain {

  private GatewayMain() {}

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: gateway --supergraph <file> --port <n> [--supergraph-url <registry url>]"
          + " [--usage-report-url <registry usage url>] [--host h]"
          + " [--timeout-ms ms] [--timeout subgraph=ms] [--no-introspection] [--cors-origin origin]..."
          + " [--propagate-header name]... [--jwks-url url [--jwt-issuer iss]]");
      System.err.println("   or: gateway <supergraph-file> <port>");
      System.exit(2);
      return;
    }
    SupergraphFollower follower = options.supergraphUrl == null ? null
        : new SupergraphFollower(options.supergraphUrl, options.supergraph, msg -> System.err.println("[gateway] " + msg));
    if (follower != null) {
      // Without a supergraph on disk, wait for the registry once; with one, start on it and catch up in the background.
      for (int attempt = 0; attempt < 60 && !Files.exists(options.supergraph); attempt++) {
        if (!follower.fetchOnce(0)) {
          Thread.sleep(1000);
        }
      }
      follower.start();
    }
    SupergraphFile supergraph;
    try {
      supergraph = new SupergraphFile(options.supergraph, msg -> System.err.println("[gateway] " + msg));
    } catch (SupergraphException e) {
      System.err.println("error: cannot serve " + options.supergraph + ": " + e.code() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    supergraph.watch(1000);
    ObjectMapper mapper = new ObjectMapper();
    HttpSubgraphCaller caller = new HttpSubgraphCaller(mapper, name -> {
      Subgraph s = supergraph.current().supergraph().subgraph(name);
      return s == null ? null : s.url();
    }, options.timeouts, options.defaultTimeout);
    GatewayMetrics metrics = new GatewayMetrics();
    UsageReporter usage = options.usageReportUrl == null ? null
        : new UsageReporter(options.usageReportUrl, mapper, msg -> System.err.println("[gateway] " + msg))
            .start(Duration.ofSeconds(10));
    RequestPipeline pipeline = new RequestPipeline(supergraph::current, new PlanExecutor(new MeteredSubgraphCaller(caller, metrics)),
        RequestLimits.defaults(), metrics,
        options.introspection, mapper, usage);
    GatewayServer server = new GatewayServer(options.host, options.port, pipeline, mapper, () -> supergraph.current() != null, metrics,
        options.policy)
        .start();
    System.out.println("[gateway] serving " + options.supergraph + " at http://" + options.host + ":" + server.port() + "/graphql");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      caller.close();
      supergraph.close();
      if (follower != null) {
        follower.close();
      }
      if (usage != null) {
        usage.close();
      }
      stop.countDown();
    }));
    stop.await();
  }

  private record Options(Path supergraph, URI supergraphUrl, URI usageReportUrl, int port, String host, Duration defaultTimeout,
                         Map<String, Duration> timeouts, boolean introspection, HttpPolicy policy) {

    static Options parse(String[] args) {
      Path supergraph = null;
      URI supergraphUrl = null;
      URI usageReportUrl = null;
      Integer port = null;
      String host = "127.0.0.1";
      Duration timeout = Duration.ofSeconds(10);
      Map<String, Duration> timeouts = new HashMap<>();
      boolean introspection = true;
      java.util.Set<String> corsOrigins = new java.util.LinkedHashSet<>();
      java.util.List<String> propagated = new java.util.ArrayList<>();
      java.util.List<String> positional = new java.util.ArrayList<>();
      URI jwksUrl = null;
      String jwtIssuer = "streamplane-identity";
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--supergraph" -> supergraph = Path.of(value(args, ++i, "--supergraph"));
          case "--supergraph-url" -> supergraphUrl = url(value(args, ++i, "--supergraph-url"));
          case "--usage-report-url" -> usageReportUrl = url(value(args, ++i, "--usage-report-url"));
          case "--port" -> port = number(value(args, ++i, "--port"), "--port");
          case "--host" -> host = value(args, ++i, "--host");
          case "--timeout-ms" -> timeout = Duration.ofMillis(number(value(args, ++i, "--timeout-ms"), "--timeout-ms"));
          case "--timeout" -> {
            String[] kv = value(args, ++i, "--timeout").split("=", 2);
            if (kv.length != 2) {
              throw new IllegalArgumentException("--timeout expects <subgraph>=<ms>");
            }
            timeouts.put(kv[0], Duration.ofMillis(number(kv[1], "--timeout")));
          }
          case "--no-introspection" -> introspection = false;
          case "--cors-origin" -> corsOrigins.add(value(args, ++i, "--cors-origin"));
          case "--propagate-header" -> propagated.add(value(args, ++i, "--propagate-header"));
          case "--jwks-url" -> jwksUrl = url(value(args, ++i, "--jwks-url"));
          case "--jwt-issuer" -> jwtIssuer = value(args, ++i, "--jwt-issuer");
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      if (supergraph == null && !positional.isEmpty()) {
        supergraph = Path.of(positional.remove(0));
      }
      if (port == null && !positional.isEmpty()) {
        port = number(positional.remove(0), "port");
      }
      if (!positional.isEmpty()) {
        throw new IllegalArgumentException("unexpected arguments " + positional);
      }
      if (supergraph == null || port == null) {
        throw new IllegalArgumentException("a supergraph file and a port are required");
      }
      return new Options(supergraph, supergraphUrl, usageReportUrl, port, host, timeout, timeouts, introspection,
          new HttpPolicy(corsOrigins, propagated, jwksUrl == null ? CallerAuthenticator.NONE
              : new CallerAuthenticator(new AccessTokenVerifier(
                  JwksKeys.of(jwksUrl, msg -> System.err.println("[gateway] " + msg)), jwtIssuer, Clock.systemUTC()))));
    }

    private static URI url(String text) {
      try {
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new IllegalArgumentException("URLs must be http(s)");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("URLs must be http(s), got \"" + text + "\"");
      }
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int number(String s, String what) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " must be a number, got \"" + s + "\"");
      }
    }
  }
}
