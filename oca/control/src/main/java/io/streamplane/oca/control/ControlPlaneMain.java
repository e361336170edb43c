package io.streamplane.oca.control;

import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.placement.FillWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar oca-control.jar --grpc-port 9200 --origin-url http://127.0.0.1:8200 --signing-keys k1=BASE64
 * --catalog 127.0.0.1:9101 --cassandra 127.0.0.1:9042 [--keyspace oca_control] [--heartbeat-ms 1000]
 * [--load-threshold 0.85] [--token-lifetime-s 14400] [--inventory-period-s 5] [--catalog-refresh-s 300]
 * [--fill-window always|HH:MM-HH:MM[@Zone]] [--appliance-fill-windows id=HH:MM-HH:MM[@Zone],...]
 * [--fill-bandwidth-mbps 0] [--fill-period-ms 2000] [--flash-headroom 0.1] [--preposition-days 7]}. Exit 2 on bad
 * flags.
 */
public final class ControlPlaneMain {
  private static final Set<String> KNOWN = Set.of("grpc-port", "origin-url", "signing-keys", "heartbeat-ms",
      "load-threshold", "token-lifetime-s", "inventory-period-s", "catalog", "cassandra", "keyspace",
      "catalog-refresh-s", "fill-window", "appliance-fill-windows", "fill-bandwidth-mbps", "fill-period-ms",
      "flash-headroom", "preposition-days");
  private static final String USAGE = "usage: --grpc-port N --origin-url URL --signing-keys kid=base64,..."
      + " --catalog HOST:PORT --cassandra HOST:PORT [--keyspace NAME] [--heartbeat-ms N] [--load-threshold 0..1]"
      + " [--token-lifetime-s N] [--inventory-period-s N] [--catalog-refresh-s N]"
      + " [--fill-window always|HH:MM-HH:MM[@Zone]] [--appliance-fill-windows id=HH:MM-HH:MM[@Zone],...]"
      + " [--fill-bandwidth-mbps N] [--fill-period-ms N] [--flash-headroom 0..1] [--preposition-days N]";

  private ControlPlaneMain() {}

  public static void main(String[] args) throws InterruptedException {
    ControlPlane.Config config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("oca-control: " + e.getMessage());
      System.err.println(USAGE);
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
    System.out.println("oca-control: gRPC on :" + plane.grpcPort() + ", origin " + config.originBaseUrl()
        + ", catalog " + config.catalogTarget() + ", state in " + config.keyspace());
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
    for (String required : new String[] {"grpc-port", "origin-url", "signing-keys", "catalog", "cassandra"}) {
      if (!flags.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    double threshold = share(flags, "load-threshold", "0.85");
    if (threshold == 0) {
      throw new IllegalArgumentException("--load-threshold is in (0, 1]");
    }
    double headroom = share(flags, "flash-headroom", "0.1");
    if (headroom == 1) {
      throw new IllegalArgumentException("--flash-headroom is in [0, 1)");
    }
    Map<String, FillWindow> windows = new HashMap<>();
    String perAppliance = flags.getOrDefault("appliance-fill-windows", "");
    for (String entry : perAppliance.isEmpty() ? new String[0] : perAppliance.split(",")) {
      String[] parts = entry.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--appliance-fill-windows takes id=HH:MM-HH:MM[@Zone],...");
      }
      windows.put(parts[0].trim(), window(parts[1].trim()));
    }
    FillScheduler.Settings fill = new FillScheduler.Settings(window(flags.getOrDefault("fill-window", "always")),
        windows, number(flags, "fill-bandwidth-mbps", "0") * 1_000_000L / 8,
        Duration.ofMillis(Math.max(100, number(flags, "fill-period-ms", "2000"))));
    return new ControlPlane.Config(number(flags, "grpc-port", "0"), flags.get("origin-url"),
        SigningKeys.parse(flags.get("signing-keys")), Duration.ofMillis(number(flags, "heartbeat-ms", "1000")),
        threshold, Duration.ofSeconds(number(flags, "token-lifetime-s", "14400")),
        Duration.ofSeconds(Math.max(1, number(flags, "inventory-period-s", "5"))), flags.get("cassandra"),
        flags.getOrDefault("keyspace", "oca_control"), flags.get("catalog"),
        Duration.ofSeconds(Math.max(1, number(flags, "catalog-refresh-s", "300"))), fill, headroom,
        Duration.ofDays(number(flags, "preposition-days", "7")));
  }

  /** {@code always}, or {@code HH:MM-HH:MM} in UTC, or {@code HH:MM-HH:MM@Europe/Paris}. */
  static FillWindow window(String text) {
    if (text.equals("always")) {
      return FillWindow.ALWAYS;
    }
    Matcher m = Pattern.compile("([0-2][0-9]:[0-5][0-9])-([0-2][0-9]:[0-5][0-9])(?:@(.+))?").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("a fill window is 'always' or HH:MM-HH:MM[@Zone], got '" + text + "'");
    }
    try {
      return new FillWindow(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)),
          ZoneId.of(m.group(3) == null ? "UTC" : m.group(3)));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("bad fill window '" + text + "': " + e.getMessage());
    }
  }

  private static double share(Map<String, String> flags, String name, String fallback) {
    double value;
    try {
      value = Double.parseDouble(flags.getOrDefault(name, fallback));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number in [0, 1]");
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("--" + name + " must be a number in [0, 1]");
    }
    return value;
  }

  private static int number(Map<String, String> flags, String name, String fallback) {
    String text = flags.getOrDefault(name, fallback);
    if (!text.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("--" + name + " must be a number: '" + text + "'");
    }
    return Integer.parseInt(text);
  }
}
