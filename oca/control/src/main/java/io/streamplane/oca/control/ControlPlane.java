package io.streamplane.oca.control;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.control.fill.Backoff;
import io.streamplane.oca.control.fill.FillBook;
import io.streamplane.oca.control.fill.FillPlanner;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.placement.PlacementPlanner;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.oca.steering.SteeringRanker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One running control plane: fleet, steering and fill services over gRPC, the inventory poll that feeds steering and
 * fills, the catalog refresh, and the fill scheduler. State that must outlive it is in Cassandra.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = Logger.getLogger(ControlPlane.class.getName());
  private static final int MAX_FILES_PER_FILL = 2_000;

  /**
   * @param heartbeatInterval how often appliances beat; one silent for three intervals is down
   * @param catalogTarget host:port of the catalog's gRPC service
   * @param catalogRefresh how often the whole catalog is read again (announced titles are read at once)
   */
  public record Config(int grpcPort, String originBaseUrl, SigningKeys signingKeys, Duration heartbeatInterval,
      double loadThreshold, Duration tokenLifetime, Duration inventoryPeriod, String cassandra, String keyspace,
      String catalogTarget, Duration catalogRefresh, FillScheduler.Settings fill, double flashHeadroom,
      Duration prePositionLookahead) {}

  private final Server server;
  private final ControlStore store;
  private final AgentChannels channels = new AgentChannels();
  private final ManagedChannel catalogChannel;
  private final CatalogMedia catalog;
  private final InventoryPoller inventory;
  private final FillScheduler fills;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread thread = new Thread(r, "oca-control-poll");
    thread.setDaemon(true);
    return thread;
  });

  private ControlPlane(Config config) throws IOException {
    Clock clock = Clock.systemUTC();
    this.store = ControlStore.open(config.cassandra(), config.keyspace(), Duration.ofSeconds(90));
    FleetRegistry fleet = new FleetRegistry(clock, config.heartbeatInterval().multipliedBy(3), store);
    Holdings holdings = new Holdings();
    SignedUrls urls = new SignedUrls(new UrlSigner(config.signingKeys(), clock));
    this.catalogChannel = Grpc.newChannelBuilder(config.catalogTarget(), InsecureChannelCredentials.create()).build();
    this.catalog = new CatalogMedia(catalogChannel, clock);
    this.inventory = new InventoryPoller(fleet, holdings, channels, catalog::titles);
    this.fills = new FillScheduler(fleet, inventory, catalog,
        new PlacementPlanner(config.prePositionLookahead(), config.flashHeadroom()), new FillPlanner(MAX_FILES_PER_FILL),
        new FillBook(new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10)), store.loadFills()), store, channels,
        urls, config.originBaseUrl(), config.fill(), clock);
    SteeringRanker ranker = new SteeringRanker(config.loadThreshold(),
        (appliance, client) -> SignedUrls.advertises(appliance.advertisedPrefixes(), client));
    this.server = Grpc.newServerBuilderForPort(config.grpcPort(), InsecureServerCredentials.create())
        .addService(new FleetGrpcService(fleet, config.heartbeatInterval()))
        .addService(new SteeringGrpcService(fleet, holdings, ranker, urls, config.originBaseUrl(),
            config.tokenLifetime(), clock))
        .addService(new FillGrpcService(catalog, fills, store))
        .build().start();
    scheduler.scheduleWithFixedDelay(this::refreshInventory, 0, config.inventoryPeriod().toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::refreshCatalog, 0, config.catalogRefresh().toMillis(),
        TimeUnit.MILLISECONDS);
    fills.start();
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
    try {
      inventory.pollOnce();
    } catch (RuntimeException e) {
      log.warning("inventory poll failed: " + e.getMessage());
    }
  }

  private void refreshCatalog() {
    try {
      catalog.refreshAll();
      fills.requestTick();
    } catch (RuntimeException e) {
      log.warning("catalog refresh failed (kept the titles known so far): " + e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.shutdownNow();
    fills.close();
    // Health streams never end by themselves: cut them after a short grace, so appliances notice and reconnect.
    server.shutdown();
    if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    channels.close();
    catalogChannel.shutdownNow();
    store.close();
  }
}
