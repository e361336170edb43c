package io.streamplane.oca;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.streamplane.oca.access.AccessHandler;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.agent.ApplianceAgentService;
import io.streamplane.oca.agent.FleetMembership;
import io.streamplane.oca.agent.HealthSampler;
import io.streamplane.proto.oca.v1.ApplianceTier;
import io.streamplane.proto.oca.v1.RegisterRequest;
import io.streamplane.oca.fill.Filler;
import io.streamplane.oca.metrics.MetricsHandler;
import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.serve.PemTls;
import io.streamplane.oca.serve.SegmentHandler;
import io.streamplane.oca.serve.SegmentServer;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One running appliance: the segment server, the gRPC agent, and what they share (store, RAM tier, metrics). */
public final class Appliance implements AutoCloseable {

  private static final long RAM_TIER_MAX_ENTRY_BYTES = 8L * 1024 * 1024;
  private static final int RAM_TIER_TRACKED_FILES = 65_536;

  private final SegmentServer http;
  private final Server grpc;
  private final ExecutorService fills;
  private final ServingMetrics metrics;
  private final ContentStore store;
  private final Optional<FleetMembership> membership;

  private Appliance(ApplianceConfig config) throws IOException {
    this.metrics = new ServingMetrics();
    this.store = new ContentStore(config.store());
    RamTier ramTier = new RamTier(config.ramTierBytes(), RAM_TIER_MAX_ENTRY_BYTES, RAM_TIER_TRACKED_FILES);
    UrlSigner signer = new UrlSigner(config.signingKeys(), Clock.systemUTC());
    AtomicBoolean draining = new AtomicBoolean();

    HttpHandler content = new AccessHandler(config.prefixes(), signer, metrics,
        new SegmentHandler(store, ramTier, metrics));
    HttpHandler metricsPage = new MetricsHandler(metrics);
    HttpHandler root = exchange -> {
      exchange.addExchangeCompleteListener((done, next) -> {
        metrics.recordResponse(done.getStatusCode(), done.getResponseBytesSent());
        next.proceed();
      });
      (exchange.getRequestPath().equals("/metrics") ? metricsPage : content).handleRequest(exchange);
    };
    this.http = new SegmentServer(config.host(), config.httpPort(), root, config.limits(),
        config.tls().map(tls -> PemTls.serverContext(tls.certificateChain(), tls.privateKey()))).start();

    metrics.registerGauge("oca_open_connections", "Open HTTP connections", http::openConnections);
    metrics.registerGauge("oca_ram_tier_bytes", "Bytes held in the RAM tier", ramTier::usedBytes);
    metrics.registerGauge("oca_draining", "1 while the appliance is draining", () -> draining.get() ? 1 : 0);

    this.fills = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "oca-fill");
      thread.setDaemon(true);
      return thread;
    });
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    Filler filler = new Filler(store, client, Clock.systemUTC(), config.fillReserveBytes(), metrics);
    HealthSampler health = new HealthSampler(metrics, store, ramTier, http::openConnections, draining,
        System::nanoTime);
    try {
      this.grpc = Grpc.newServerBuilderForPort(config.grpcPort(), InsecureServerCredentials.create())
          .addService(new ApplianceAgentService(store, filler, health, draining, http::openConnections, fills))
          .build().start();
    } catch (IOException e) {
      http.close();
      fills.shutdownNow();
      throw e;
    }
    this.membership = config.membership().map(m -> new FleetMembership(m.controlPlane(), RegisterRequest.newBuilder()
        .setApplianceId(m.applianceId())
        .setTier(m.tier().equals("flash") ? ApplianceTier.APPLIANCE_TIER_FLASH : ApplianceTier.APPLIANCE_TIER_STORAGE)
        .setSite(m.site()).setAsn(m.asn()).addAllAdvertisedPrefixes(config.prefixes().asStrings())
        .setCapacityBytes(m.capacityBytes()).setBaseUrl(m.publicUrl().replace("{port}", Integer.toString(http.port())))
        .setAgentTarget(agentHost(config.host()) + ":" + grpc.getPort()).build(), health).start());
  }

  /** The address the control plane should dial: a wildcard bind is reached on loopback in the local stack. */
  private static String agentHost(String bindHost) {
    return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
  }

  public static Appliance start(ApplianceConfig config) {
    try {
      return new Appliance(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the appliance: " + e.getMessage(), e);
    }
  }

  public int httpPort() {
    return http.port();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  public ContentStore store() {
    return store;
  }

  @Override
  public void close() throws InterruptedException {
    membership.ifPresent(FleetMembership::close);
    grpc.shutdown();
    fills.shutdownNow();
    http.close();
    grpc.awaitTermination(5, TimeUnit.SECONDS);
  }
}
