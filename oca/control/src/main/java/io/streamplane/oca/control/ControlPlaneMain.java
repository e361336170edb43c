package io.streamplane.oca.control;

import io.streamplane.oca.access.SigningKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar oca-control.jar --grpc-port 9200 --origin-url http://127.0.0.1:8200 --signing-keys k1=BASE64
 * [--heartbeat-ms 1000] [--load-threshold 0.85] [--token-lifetime-s 14400] [--inventory-period-s 5]}. Exit 2 on bad
 * flags.
 */
public final class ControlPlaneMain {
  private static final Set<String> KNOWN = Set.of("grpc-port", "origin-url", "signing-keys", "heartbeat-ms",
      "load-threshold", "token-lifetime-s", "inventory-period-s");

  private ControlPlaneMain() {}

  public static void main(String[] args) throws InterruptedException {
    ControlPlane.Config config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("oca-control: " + e.getMessage());
      System.err.println("usage: --grpc-port N --origin-url URL --signing-keys kid=base64,... [--heartbeat-ms N]"
          + " [--load-threshold 0..1] [--token-lifetime-s N] [--inventory-period-s N]");
      System.exit(2);
      return;
    }
    ControlPlane plane = ControlPlane.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        plane.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "oca-control-shutdown"));
    System.out.println("oca-control: gRPC on :" + plane.grpcPort() + ", origin " + config.originBaseUrl());
    Thread.currentThread().join();
  }

  static ControlPlane.Config parse(String... args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      if (!flag.startsWith("--") || !KNOWN.contains(flag.substring(2)) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown flag or missing value: " + flag);
      }
      flags.put(flag.substring(2), args[i + 1]);
    }
    for (String required : new String[] {"grpc-port", "origin-url", "signing-keys"}) {
      if (!flags.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    double threshold = Double.parseDouble(flags.getOrDefault("load-threshold", "0.85"));
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("--load-threshold is in (0, 1]");
    }
    return new ControlPlane.Config(number(flags, "grpc-port", "0"), flags.get("origin-url"),
        SigningKeys.parse(flags.get("signing-keys")), Duration.ofMillis(number(flags, "heartbeat-ms", "1000")),
        threshold, Duration.ofSeconds(number(flags, "token-lifetime-s", "14400")),
        Duration.ofSeconds(number(flags, "inventory-period-s", "5")));
  }

  private static int number(Map<String, String> flags, String name, String fallback) {
    String text = flags.getOrDefault(name, fallback);
    if (!text.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("--" + name + " must be a number: '" + text + "'");
    }
    return Integer.parseInt(text);
  }
}
