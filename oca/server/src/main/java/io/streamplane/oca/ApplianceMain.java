package io.streamplane.oca;

/**
 * Starts an appliance from the command line, e.g.
 * {@code java -jar oca-server.jar --store /srv/oca --http-port 8201 --grpc-port 9201 --prefixes 10.1.0.0/16
 * --signing-keys k1=BASE64}; {@code java -jar oca-server.jar sign ...} prints a URL token (see SignCommand);
 * {@code java -jar oca-server.jar origin --dir DIR ...} serves the origin store (see Origin).
 * Exit code 2 for bad flags.
 */
public final class ApplianceMain {

  private ApplianceMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("sign")) {
      try {
        System.out.println(SignCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
      } catch (IllegalArgumentException e) {
        System.err.println("oca-server sign: " + e.getMessage());
        System.exit(2);
      }
      return;
    }
    if (args.length > 0 && args[0].equals("origin")) {
      Origin.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    ApplianceConfig config;
    try {
      config = ApplianceConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("oca-server: " + e.getMessage());
      System.err.println("usage: --store DIR --http-port N --grpc-port N --prefixes CIDR,... "
          + "--signing-keys kid=base64,... [--host ADDR] [--tls-cert PEM --tls-key PEM] [--ram-tier-mib N] "
          + "[--fill-reserve-mib N] [--max-connections N] [--request-head-timeout-s N] [--idle-timeout-s N]");
      System.exit(2);
      return;
    }
    Appliance appliance = Appliance.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        appliance.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "oca-shutdown"));
    System.out.printf("oca-server: HTTP%s on %s:%d, gRPC on :%d, store %s%n", config.tls().isPresent() ? "S (h2)" : "",
        config.host(), appliance.httpPort(), appliance.grpcPort(), appliance.store().root());
    Thread.currentThread().join();
  }
}
