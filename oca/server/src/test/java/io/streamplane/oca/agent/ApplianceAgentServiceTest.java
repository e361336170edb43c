package io.streamplane.oca.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.streamplane.oca.fill.Filler;
import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.AssetRef;
import io.streamplane.proto.oca.v1.AssetState;
import io.streamplane.proto.oca.v1.DrainRequest;
import io.streamplane.proto.oca.v1.EvictRequest;
import io.streamplane.proto.oca.v1.EvictResponse;
import io.streamplane.proto.oca.v1.FillAsset;
import io.streamplane.proto.oca.v1.FillProgress;
import io.streamplane.proto.oca.v1.FillRequest;
import io.streamplane.proto.oca.v1.HealthReport;
import io.streamplane.proto.oca.v1.HealthRequest;
import io.streamplane.proto.oca.v1.InventoryRequest;
import io.streamplane.proto.oca.v1.InventoryResponse;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent over in-process gRPC, filling from a real HTTP origin. */
class ApplianceAgentServiceTest {

  @TempDir
  Path dir;
  private Undertow origin;
  private Server server;
  private ManagedChannel channel;
  private ExecutorService fills;
  private ApplianceAgentGrpc.ApplianceAgentBlockingStub agent;
  private ContentStore store;
  private final ServingMetrics metrics = new ServingMetrics();
  private final byte[] init = bytes(1000, 1);
  private final byte[] segment = bytes(50_000, 2);

  private static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @BeforeEach
  void start() throws Exception {
    Path originRoot = Files.createDirectories(dir.resolve("origin/t1/video"));
    Files.write(originRoot.resolve("init.mp4"), init);
    Files.write(originRoot.resolve("seg-1.m4s"), segment);
    origin = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(Handlers.resource(new PathResourceManager(dir.resolve("origin"), 1024))).build();
    origin.start();
    store = new ContentStore(dir.resolve("oca"));
    fills = Executors.newSingleThreadExecutor();
    AtomicBoolean draining = new AtomicBoolean();
    HealthSampler health = new HealthSampler(metrics, store, new RamTier(0, 0, 1), () -> 3, draining, System::nanoTime);
    Filler filler = new Filler(store, HttpClient.newHttpClient(), Clock.systemUTC(), 0, metrics);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new ApplianceAgentService(store, filler, health, draining, () -> 3, fills)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    agent = ApplianceAgentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    fills.shutdownNow();
    origin.stop();
  }

  private String originUrl(String path) {
    int port = ((InetSocketAddress) origin.getListenerInfo().get(0).getAddress()).getPort();
    return "http://127.0.0.1:" + port + path;
  }

  private FillAsset asset(String path, byte[] data) throws Exception {
    return FillAsset.newBuilder().setTitleId("t1").setPath(path).addSourceUrls(originUrl("/t1/" + path))
        .setSizeBytes(data.length).setSha256Hex(sha256(data)).build();
  }

  @Test
  void fillStreamsProgressThenInventoryEvictAndHealthSeeTheStore() throws Exception {
    List<FillProgress> progress = new ArrayList<>();
    agent.fill(FillRequest.newBuilder().setFillId("fill-1").addAssets(asset("video/init.mp4", init))
        .addAssets(asset("video/seg-1.m4s", segment)).setBandwidthCapBytesPerS(10_000_000).build())
        .forEachRemaining(progress::add);
    FillProgress last = progress.get(progress.size() - 1);
    assertEquals(AssetState.ASSET_STATE_DONE, last.getState(), last.getMessage());
    assertEquals(2, last.getAssetsFinished());
    assertEquals(2, last.getAssetsTotal());
    assertEquals(init.length + segment.length, last.getFillBytesDone());
    assertEquals(2, progress.stream().filter(p -> p.getState() == AssetState.ASSET_STATE_DONE).count());
    assertTrue(progress.stream().allMatch(p -> p.getFillId().equals("fill-1")));
    assertArrayEquals(segment, Files.readAllBytes(dir.resolve("oca/titles/t1/video/seg-1.m4s")));

    InventoryResponse inventory = agent.inventory(InventoryRequest.getDefaultInstance());
    assertEquals(2, inventory.getAssetsCount());
    assertEquals(init.length + segment.length, inventory.getTotalBytes());
    assertEquals(0, agent.inventory(InventoryRequest.newBuilder().addTitleIds("t2").build()).getAssetsCount());

    HealthReport health = agent.health(HealthRequest.getDefaultInstance());
    assertEquals(init.length + segment.length, health.getStoredBytes());
    assertEquals(3, health.getOpenConnections());
    assertTrue(health.getDiskTotalBytes() > 0);
    assertFalse(health.getDraining());

    EvictResponse evicted = agent.evict(EvictRequest.newBuilder()
        .addAssets(AssetRef.newBuilder().setTitleId("t1").setPath("video/init.mp4"))
        .addAssets(AssetRef.newBuilder().setTitleId("t9")).build());
    assertEquals(1, evicted.getFilesDeleted());
    assertEquals(init.length, evicted.getBytesFreed());
    assertEquals("t9", evicted.getNotFound(0).getTitleId());
    EvictResponse wholeTitle = agent.evict(EvictRequest.newBuilder()
        .addAssets(AssetRef.newBuilder().setTitleId("t1")).build());
    assertEquals(1, wholeTitle.getFilesDeleted());
    assertEquals(0, agent.inventory(InventoryRequest.getDefaultInstance()).getAssetsCount());
  }

  @Test
  void aFailedAssetIsReportedWithItsCode() throws Exception {
    List<FillProgress> progress = new ArrayList<>();
    FillAsset wrong = asset("video/seg-1.m4s", segment).toBuilder().setSha256Hex(sha256(init)).build();
    agent.fill(FillRequest.newBuilder().setFillId("fill-2").addAssets(wrong).build()).forEachRemaining(progress::add);
    FillProgress last = progress.get(progress.size() - 1);
    assertEquals(AssetState.ASSET_STATE_FAILED, last.getState());
    assertEquals("CHECKSUM_MISMATCH", last.getErrorCode());
    assertFalse(Files.exists(dir.resolve("oca/titles/t1/video/seg-1.m4s")));
  }

  @Test
  void invalidRequestsAreRefusedWithAStableCode() throws Exception {
    for (FillAsset bad : new FillAsset[] {
        asset("../escape.m4s", segment),
        asset("video/seg-1.m4s", segment).toBuilder().setSha256Hex("abc").build(),
        asset("video/seg-1.m4s", segment).toBuilder().clearSourceUrls().addSourceUrls("file:///etc/passwd").build(),
        asset("video/seg-1.m4s", segment).toBuilder().setTitleId("").build()}) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> agent.fill(FillRequest.newBuilder().addAssets(bad).build()).forEachRemaining(p -> { }));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().startsWith("INVALID_ASSET: "), e.getStatus().getDescription());
    }
    StatusRuntimeException evict = assertThrows(StatusRuntimeException.class, () -> agent.evict(EvictRequest
        .newBuilder().addAssets(AssetRef.newBuilder().setTitleId("t1").setPath("../../x")).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, evict.getStatus().getCode());
  }

  @Test
  void drainIsReportedInHealth() {
    assertTrue(agent.drain(DrainRequest.newBuilder().setDraining(true).build()).getDraining());
    assertTrue(agent.health(HealthRequest.getDefaultInstance()).getDraining());
    assertFalse(agent.drain(DrainRequest.newBuilder().setDraining(false).build()).getDraining());
    assertFalse(agent.health(HealthRequest.getDefaultInstance()).getDraining());
  }

  @Test
  void healthRatesCoverTheTimeSinceThePreviousReport() {
    agent.health(HealthRequest.getDefaultInstance());
    metrics.recordResponse(200, 1_000_000);
    metrics.recordResponse(503, 0);
    HealthReport report = agent.health(HealthRequest.getDefaultInstance());
    assertEquals(0.5, report.getErrorRate());
    assertTrue(report.getServedBytesPerS() > 0);
    assertEquals(2, report.getRequestsTotal());
    HealthReport quiet = agent.health(HealthRequest.getDefaultInstance());
    assertEquals(0.0, quiet.getServedBytesPerS());
    assertEquals(0.0, quiet.getErrorRate());
  }
}
