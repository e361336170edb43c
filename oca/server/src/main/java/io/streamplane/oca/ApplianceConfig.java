package io.streamplane.oca;

import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.serve.ServerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of one appliance. {@link #parse} reads the command line:
 * {@code --store DIR --http-port N --grpc-port N --prefixes CIDR,... --signing-keys kid=base64,...} plus optional
 * {@code --host ADDR --tls-cert PEM --tls-key PEM --ram-tier-mib N --fill-reserve-mib N --max-connections N
 * --request-head-timeout-s N --idle-timeout-s N}.
 */
public record ApplianceConfig(Path store, String host, int httpPort, int grpcPort, AdvertisedPrefixes prefixes,
    SigningKeys signingKeys, Optional<Tls> tls, long ramTierBytes, long fillReserveBytes, ServerLimits limits,
    Optional<Membership> membership) {

  /**
   * How this appliance joins the fleet (all optional together, triggered by {@code --control-plane}): it registers with
   * the control plane and streams its health, and steering sends viewers to {@code publicUrl} (where {@code {port}}
   * stands for the HTTP port actually bound).
   */
  public record Membership(String controlPlane, String applianceId, String tier, String site, int asn,
      long capacityBytes, String publicUrl) {
  }

  /** PEM certificate chain and PKCS#8 key; HTTP/2 is offered when present. */
  public record Tls(Path certificateChain, Path privateKey) {
  }

  private static final long MIB = 1024 * 1024;
  private static final Set<String> REQUIRED = Set.of("store", "http-port", "grpc-port", "prefixes", "signing-keys");
  private static final Set<String> KNOWN = Set.of("store", "http-port", "grpc-port", "prefixes", "signing-keys",
      "host", "tls-cert", "tls-key", "ram-tier-mib", "fill-reserve-mib", "max-connections", "request-head-timeout-s",
      "idle-timeout-s", "control-plane", "appliance-id", "tier", "site", "asn", "capacity-mib", "public-url");

  public ApplianceConfig {
    checkPort("http-port", httpPort);
    checkPort("grpc-port", grpcPort);
    if (ramTierBytes < 0 || fillReserveBytes < 0) {
      throw new IllegalArgumentException("sizes must not be negative");
    }
  }

  /** Parses the flags; throws IllegalArgumentException with a message fit for the operator. */
  public static ApplianceConfig parse(String... args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!flag.startsWith("--") || !KNOWN.contains(flag.substring(2))) {
        throw new IllegalArgumentException("unknown flag '" + flag + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      flags.put(flag.substring(2), args[++i]);
    }
    for (String required : REQUIRED) {
      if (!flags.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    Optional<Tls> tls = Optional.empty();
    if (flags.containsKey("tls-cert") != flags.containsKey("tls-key")) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (flags.containsKey("tls-cert")) {
      tls = Optional.of(new Tls(Path.of(flags.get("tls-cert")), Path.of(flags.get("tls-key"))));
    }
    ServerLimits limits = ServerLimits.defaults();
    if (flags.containsKey("max-connections")) {
      limits = limits.withMaxConnections(number(flags, "max-connections", "10000"));
    }
    if (flags.containsKey("request-head-timeout-s")) {
      limits = limits.withRequestParseTimeout(Duration.ofSeconds(number(flags, "request-head-timeout-s", "10")));
    }
    if (flags.containsKey("idle-timeout-s")) {
      limits = limits.withIdleTimeout(Duration.ofSeconds(number(flags, "idle-timeout-s", "60")));
    }
    return new ApplianceConfig(Path.of(flags.get("store")), flags.getOrDefault("host", "0.0.0.0"),
        number(flags, "http-port", "0"), number(flags, "grpc-port", "0"), AdvertisedPrefixes.parse(flags.get("prefixes")),
        SigningKeys.parse(flags.get("signing-keys")), tls, number(flags, "ram-tier-mib", "256") * MIB,
        number(flags, "fill-reserve-mib", "1024") * MIB, limits, membership(flags));
  }

  private static Optional<Membership> membership(Map<String, String> flags) {
    if (!flags.containsKey("control-plane")) {
      return Optional.empty();
    }
    for (String required : List.of("appliance-id", "tier", "public-url", "capacity-mib")) {
      if (!flags.containsKey(required)) {
        throw new IllegalArgumentException("--" + required + " is required with --control-plane");
      }
    }
    String tier = flags.get("tier");
    if (!tier.equals("flash") && !tier.equals("storage")) {
      throw new IllegalArgumentException("--tier is flash or storage");
    }
    return Optional.of(new Membership(flags.get("control-plane"), flags.get("appliance-id"), tier,
        flags.getOrDefault("site", "local"), number(flags, "asn", "0"), number(flags, "capacity-mib", "0") * MIB,
        flags.get("public-url")));
  }

  private static int number(Map<String, String> flags, String name, String fallback) {
    String text = flags.getOrDefault(name, fallback);
    if (!text.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("--" + name + " must be a non-negative number: '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--" + name + " must be 0..65535");
    }
  }
}
