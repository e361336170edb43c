package io.streamplane.oca.control;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.oca.steering.SteeringRanker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One running control plane: fleet and steering over gRPC, and the inventory poll that feeds steering. */
public final class ControlPlane implements AutoCloseable {
  /**
   * @param heartbeatInterval how often appliances beat; one silent for three intervals is down
   */
  public record Config(int grpcPort, String originBaseUrl, SigningKeys signingKeys, Duration heartbeatInterval,
      double loadThreshold, Duration tokenLifetime, Duration inventoryPeriod) {}

  private final Server server;
  private final InventoryPoller inventory;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "oca-control-inventory");
    thread.setDaemon(true);
    return thread;
  });

  private ControlPlane(Config config) throws IOException {
    Clock clock = Clock.systemUTC();
    FleetRegistry fleet = new FleetRegistry(clock, config.heartbeatInterval().multipliedBy(3));
    Holdings holdings = new Holdings();
    SteeringRanker ranker = new SteeringRanker(config.loadThreshold(),
        (appliance, client) -> SignedUrls.advertises(appliance.advertisedPrefixes(), client));
    this.inventory = new InventoryPoller(fleet, holdings);
    this.server = Grpc.newServerBuilderForPort(config.grpcPort(), InsecureServerCredentials.create())
        .addService(new FleetGrpcService(fleet, config.heartbeatInterval()))
        .addService(new SteeringGrpcService(fleet, holdings, ranker,
            new SignedUrls(new UrlSigner(config.signingKeys(), clock)), config.originBaseUrl(),
            config.tokenLifetime(), clock))
        .build().start();
    scheduler.scheduleWithFixedDelay(inventory::pollOnce, 0, config.inventoryPeriod().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public static ControlPlane start(Config config) {
    try {
      return new ControlPlane(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the control plane: " + e.getMessage(), e);
    }
  }

  public int grpcPort() {
    return server.getPort();
  }

  /** Reads every appliance's inventory now (the schedule does it every period). */
  public void refreshInventory() {
    inventory.pollOnce();
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.shutdownNow();
    inventory.close();
    server.shutdown();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
