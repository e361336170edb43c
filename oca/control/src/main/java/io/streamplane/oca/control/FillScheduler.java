package io.streamplane.oca.control;

import io.grpc.stub.StreamObserver;
import io.streamplane.oca.control.fill.FillBook;
import io.streamplane.oca.control.fill.FillPlanner;
import io.streamplane.oca.control.fill.TitleMedia;
import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.placement.FillWindow;
import io.streamplane.oca.placement.PlacementPlanner;
import io.streamplane.oca.placement.TitleDemand;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.AssetRef;
import io.streamplane.proto.oca.v1.AssetState;
import io.streamplane.proto.oca.v1.EvictRequest;
import io.streamplane.proto.oca.v1.FillAsset;
import io.streamplane.proto.oca.v1.FillProgress;
import io.streamplane.proto.oca.v1.FillRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timer and gRPC side of filling: every tick it plans placement from the catalog's titles and the fleet, turns it
 * into Evict-then-Fill orders ({@link FillPlanner}), and sends each order to the appliance's agent under a fill lease
 * (one replica per appliance). Progress streams into the {@link FillBook} and Cassandra. The decisions are in the pure
 * planners; this class only moves them over the wire.
 */
public final class FillScheduler implements AutoCloseable {
  private static final Logger log = Logger.getLogger(FillScheduler.class.getName());
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Duration SOURCE_URL_GRACE = Duration.ofHours(1);

  /** How fills are paced: windows per appliance (default for the rest), bandwidth cap per Fill call. */
  public record Settings(FillWindow defaultWindow, Map<String, FillWindow> windows, long bandwidthBytesPerSecond,
      Duration period) {
    FillWindow window(String applianceId) {
      return windows.getOrDefault(applianceId, defaultWindow);
    }
  }

  private final FleetRegistry fleet;
  private final InventoryPoller inventory;
  private final CatalogMedia catalog;
  private final PlacementPlanner placementPlanner;
  private final FillPlanner fillPlanner;
  private final FillBook book;
  private final ControlStore store;
  private final AgentChannels channels;
  private final SignedUrls urls;
  private final String originBaseUrl;
  private final Settings settings;
  private final Clock clock;
  private final String owner = "control-" + UUID.randomUUID();
  private final Map<String, List<String>> lastPlacement = new ConcurrentHashMap<>();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "oca-fill-scheduler");
    thread.setDaemon(true);
    return thread;
  });
  // Runs each order's Evict and starts its Fill, off the timer thread (the Fill itself streams asynchronously).
  private final ExecutorService orders = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "oca-fill-order");
    thread.setDaemon(true);
    return thread;
  });

  public FillScheduler(FleetRegistry fleet, InventoryPoller inventory, CatalogMedia catalog,
      PlacementPlanner placementPlanner, FillPlanner fillPlanner, FillBook book, ControlStore store,
      AgentChannels channels, SignedUrls urls, String originBaseUrl, Settings settings, Clock clock) {
    this.fleet = fleet;
    this.inventory = inventory;
    this.catalog = catalog;
    this.placementPlanner = placementPlanner;
    this.fillPlanner = fillPlanner;
    this.book = book;
    this.store = store;
    this.channels = channels;
    this.urls = urls;
    this.originBaseUrl = originBaseUrl;
    this.settings = settings;
    this.clock = clock;
    lastPlacement.putAll(store.loadPlacements());
  }

  public FillScheduler start() {
    timer.scheduleWithFixedDelay(this::tickSafely, settings.period().toMillis(), settings.period().toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Plans and sends orders soon (a title was announced, an appliance registered), without waiting for the period. */
  public void requestTick() {
    if (tickQueued.compareAndSet(false, true)) {
      timer.execute(() -> {
        tickQueued.set(false);
        tickSafely();
      });
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "fill tick failed: " + e.getMessage(), e);
    }
  }

  /**
   * The current placement (appliance id → titles, most popular first), stored when it changes. Until the catalog has
   * been read once, the last stored placement stands (a restart must not plan from an empty catalog).
   */
  public Map<String, List<String>> plan() {
    if (!catalog.loaded()) {
      return Map.copyOf(lastPlacement);
    }
    Instant now = clock.instant();
    List<Appliance> appliances = fleet.members().stream().map(FleetRegistry.Member::appliance).toList();
    List<TitleDemand> demand = catalog.titles().values().stream().map(TitleMedia::demand).toList();
    Map<String, List<String>> placement = new LinkedHashMap<>();
    placementPlanner.plan(appliances, demand, now).forEach((id, titles) -> placement.put(id, List.copyOf(titles)));
    placement.forEach((id, titles) -> {
      if (!titles.equals(lastPlacement.get(id))) {
        store.savePlacement(id, titles, now);
        lastPlacement.put(id, titles);
      }
    });
    return placement;
  }

  private void tick() {
    fleet.reloadRegistrations();
    for (FleetRegistry.Member member : fleet.members()) {
      if (book.inFlight(member.appliance().id())) {
        store.lease(member.appliance().id(), owner, LEASE);
      }
    }
    Map<String, List<String>> placement = plan();
    Instant now = clock.instant();
    List<FillPlanner.Site> sites = new ArrayList<>();
    for (FleetRegistry.Member member : fleet.members()) {
      String id = member.appliance().id();
      if (inventory.known(id)) {
        sites.add(new FillPlanner.Site(member.appliance(), member.status() == FleetRegistry.Status.UP,
            settings.window(id), inventory.held(id)));
      }
    }
    Map<String, Appliance> byId = new HashMap<>();
    sites.forEach(s -> byId.put(s.appliance().id(), s.appliance()));
    for (FillPlanner.Order order : fillPlanner.orders(sites, placement, catalog.titles(), book, now)) {
      if (store.lease(order.applianceId(), owner, LEASE)) {
        send(byId.get(order.applianceId()), order, byId);
      }
    }
  }

  private void send(Appliance appliance, FillPlanner.Order order, Map<String, Appliance> byId) {
    Map<String, Long> bytesByTitle = new LinkedHashMap<>();
    order.fills().forEach(f -> bytesByTitle.merge(f.titleId(), f.file().sizeBytes(), Long::sum));
    Instant now = clock.instant();
    // Marked in flight before the evict runs, so the next tick does not send a second order meanwhile.
    book.start(appliance.id(), bytesByTitle, now).forEach(store::saveFill);
    orders.execute(() -> {
      try {
        if (!order.evictTitles().isEmpty()) {
          evict(appliance, order.evictTitles());
        }
        if (order.fills().isEmpty()) {
          book.finish(appliance.id(), clock.instant());
          store.release(appliance.id(), owner);
          return;
        }
        fill(appliance, order, byId);
      } catch (RuntimeException e) {
        log.log(Level.INFO, "order for " + appliance.id() + " failed: " + e.getMessage());
        book.failAll(appliance.id(), "UNAVAILABLE: " + e.getMessage(), clock.instant()).forEach(store::saveFill);
        store.release(appliance.id(), owner);
      }
    });
  }

  private void evict(Appliance appliance, List<String> titles) {
    EvictRequest.Builder request = EvictRequest.newBuilder();
    titles.forEach(t -> request.addAssets(AssetRef.newBuilder().setTitleId(t)));
    ApplianceAgentGrpc.newBlockingStub(channels.to(appliance.agentTarget())).withDeadlineAfter(30, TimeUnit.SECONDS)
        .evict(request.build());
    book.forget(appliance.id(), titles);
    titles.forEach(t -> store.deleteFill(appliance.id(), t));
    inventory.poll(appliance.id());
    log.info("evicted " + titles + " from " + appliance.id());
  }

  private void fill(Appliance appliance, FillPlanner.Order order, Map<String, Appliance> byId) {
    InetAddress filler = address(appliance.agentTarget());
    Instant urlsExpire = order.deadline().plus(SOURCE_URL_GRACE);
    FillRequest.Builder request = FillRequest.newBuilder()
        .setFillId(appliance.id() + "-" + clock.millis())
        .setDeadlineEpochMs(order.deadline().toEpochMilli())
        .setBandwidthCapBytesPerS(settings.bandwidthBytesPerSecond());
    for (FillPlanner.AssetFill asset : order.fills()) {
      String signed = urls.signedPathPrefix(asset.titleId(), "fill-" + appliance.id(), filler, urlsExpire);
      FillAsset.Builder fill = FillAsset.newBuilder().setTitleId(asset.titleId()).setPath(asset.file().path())
          .setSizeBytes(asset.file().sizeBytes()).setSha256Hex(asset.file().sha256Hex());
      for (String upstream : asset.upstreamIds()) {
        fill.addSourceUrls(byId.get(upstream).baseUrl() + signed + asset.file().path());
      }
      fill.addSourceUrls(originBaseUrl + signed + asset.file().path());
      request.addAssets(fill);
    }
    long grpcDeadlineMs = Math.max(1_000, order.deadline().toEpochMilli() - clock.millis() + 60_000);
    log.info("filling " + order.fills().size() + " files on " + appliance.id() + " until " + order.deadline());
    ApplianceAgentGrpc.newStub(channels.to(appliance.agentTarget()))
        .withDeadlineAfter(grpcDeadlineMs, TimeUnit.MILLISECONDS)
        .fill(request.build(), new StreamObserver<>() {
          @Override
          public void onNext(FillProgress progress) {
            Instant now = clock.instant();
            if (progress.getState() == AssetState.ASSET_STATE_DONE
                || progress.getState() == AssetState.ASSET_STATE_ALREADY_PRESENT) {
              book.fileDone(appliance.id(), progress.getTitleId(), progress.getAssetSizeBytes(), now)
                  .ifPresent(store::saveFill);
            } else if (progress.getState() == AssetState.ASSET_STATE_FAILED) {
              book.fileFailed(appliance.id(), progress.getTitleId(), progress.getErrorCode(), progress.getMessage(),
                  now).ifPresent(store::saveFill);
            }
          }

          @Override
          public void onError(Throwable t) {
            book.failAll(appliance.id(), "UNAVAILABLE: the fill call failed: " + t.getMessage(), clock.instant())
                .forEach(store::saveFill);
            done();
          }

          @Override
          public void onCompleted() {
            book.finish(appliance.id(), clock.instant()).forEach(store::saveFill);
            done();
          }

          private void done() {
            try {
              store.release(appliance.id(), owner);
              inventory.poll(appliance.id());
            } catch (RuntimeException e) {
              log.info("after the fill of " + appliance.id() + ": " + e.getMessage());
            }
            requestTick();
          }
        });
  }

  /** The address the appliance fetches from, which upstream tokens are bound to. */
  private static InetAddress address(String agentTarget) {
    try {
      return InetAddress.getByName(URI.create("grpc://" + agentTarget).getHost());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve the appliance address " + agentTarget, e);
    }
  }

  /** The titles placed on an appliance by the last plan. */
  public Set<String> placedOn(String applianceId) {
    return Set.copyOf(lastPlacement.getOrDefault(applianceId, List.of()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    orders.shutdownNow();
  }
}
