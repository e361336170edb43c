package io.streamplane.oca.fill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.streamplane.oca.access.CidrBlock;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.AssetState;
import io.streamplane.proto.oca.v1.FillProgress;
import io.streamplane.proto.oca.v1.FillRequest;
import io.streamplane.proto.oca.v1.HeldAsset;
import io.streamplane.proto.oca.v1.InventoryRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fill integrity across a crash: the appliance runs as its own JVM ({@code ApplianceMain}), is killed with SIGKILL in
 * the middle of a fill, and is started again on the same store. The partial copy must stay hidden, the next Fill must
 * continue it with a Range request (or, when the kept bytes were damaged while the appliance was down, notice that
 * through the checksum and fetch the asset once more from the first byte), and the result must be served and listed.
 */
class FillResumeAfterKillTest {

  /** Eight seconds at the first fill's cap: the kill, about a second in, lands well before the end on a busy box. */
  private static final int SIZE = 8 * 1024 * 1024 + 123;
  private static final byte[] DATA = new byte[SIZE];
  private static final String SHA256;
  private static final byte[] KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  private static final String TITLE = "t1";
  private static final String PATH = "video/seg-1.m4s";
  private static final long FIRST_FILL_CAP_BYTES_PER_S = 1024 * 1024;
  private static final long KILL_AFTER_BYTES = 1024 * 1024;
  private static final String WHOLE = "(no Range: whole asset)";
  private static final Pattern STARTED = Pattern.compile("oca-server: HTTP on [^ ]+:(\\d+), gRPC on :(\\d+),");

  static {
    new Random(42).nextBytes(DATA);
    try {
      SHA256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DATA));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @TempDir
  Path dir;
  private Path store;
  private OriginServer origin;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    Files.createDirectories(dir.resolve("origin/" + TITLE + "/video"));
    Files.write(dir.resolve("origin/" + TITLE + "/" + PATH), DATA);
    origin = new OriginServer(dir.resolve("origin"));
    store = dir.resolve("store");
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    origin.close();
  }

  /** One appliance JVM on ephemeral ports, which it reports on its start-up line. */
  private record ApplianceProcess(Process process, int httpPort, int grpcPort) {

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the appliance process is gone");
    }
  }

  private ApplianceProcess startAppliance() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = dir.resolve("appliance-" + processes.size() + ".log");
    Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "io.streamplane.oca.ApplianceMain",
        "--store", store.toString(), "--host", "127.0.0.1", "--http-port", "0", "--grpc-port", "0",
        "--prefixes", "127.0.0.0/8", "--signing-keys", "k1=" + Base64.getEncoder().encodeToString(KEY),
        "--ram-tier-mib", "16", "--fill-reserve-mib", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    // A safety net against a hung start, not a measured threshold.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher started = STARTED.matcher(Files.readString(log));
      if (started.find()) {
        return new ApplianceProcess(process, Integer.parseInt(started.group(1)), Integer.parseInt(started.group(2)));
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the appliance did not report its ports:\n" + Files.readString(log));
  }

  private FillRequest fillRequest(String fillId, long capBytesPerSecond) {
    return FillRequest.newBuilder().setFillId(fillId).setBandwidthCapBytesPerS(capBytesPerSecond)
        .addAssets(io.streamplane.proto.oca.v1.FillAsset.newBuilder().setTitleId(TITLE).setPath(PATH)
            .addSourceUrls(origin.url("/" + TITLE + "/" + PATH).toString()).setSizeBytes(SIZE).setSha256Hex(SHA256))
        .build();
  }

  private static ManagedChannel channel(ApplianceProcess appliance) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", appliance.grpcPort(), InsecureChannelCredentials.create())
        .build();
  }

  private static ApplianceAgentGrpc.ApplianceAgentBlockingStub agent(ManagedChannel channel) {
    return ApplianceAgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private Path partFile() {
    return store.resolve(".fill").resolve(SHA256 + ".part");
  }

  private Path target() {
    return store.resolve("titles").resolve(TITLE).resolve(PATH);
  }

  /** Starts a capped fill, waits for at least a MiB of progress, kills the appliance; returns the kept bytes. */
  private long killMidFill() throws Exception {
    ApplianceProcess first = startAppliance();
    ManagedChannel channel = channel(first);
    long reported = 0;
    try {
      Iterator<FillProgress> progress = agent(channel).fill(fillRequest("before-kill", FIRST_FILL_CAP_BYTES_PER_S));
      while (reported < KILL_AFTER_BYTES) {
        assertTrue(progress.hasNext(), "the fill stream ended before a MiB was copied");
        FillProgress event = progress.next();
        assertTrue(event.getState() == AssetState.ASSET_STATE_QUEUED
            || event.getState() == AssetState.ASSET_STATE_DOWNLOADING, "still filling at the kill: " + event);
        reported = event.getAssetBytesDone();
      }
      first.kill();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    assertEquals(List.of(WHOLE), rangesSince(0), "the first fill asked for the whole asset");
    assertTrue(Files.isRegularFile(partFile()), "the partial copy survives the kill");
    long kept = Files.size(partFile());
    assertTrue(kept >= reported && kept < SIZE, "kept " + kept + " bytes, progress said " + reported);
    byte[] prefix = Files.readAllBytes(partFile());
    assertArrayEquals(Arrays.copyOf(DATA, (int) kept), prefix, "the kept bytes are the asset's first bytes");
    assertFalse(Files.exists(target()), "nothing half-filled is in the served tree");
    try (Stream<Path> titles = Files.list(store.resolve("titles"))) {
      assertEquals(0, titles.count(), "no title folder, no checksum file");
    }
    return kept;
  }

  /** The restarted appliance neither serves nor lists the asset before it is filled. */
  private void assertNotHeld(ApplianceProcess appliance, ManagedChannel channel) throws Exception {
    assertEquals(404, get(signedUrl(appliance)).statusCode());
    assertEquals(0, agent(channel).inventory(InventoryRequest.getDefaultInstance()).getAssetsCount());
  }

  private List<FillProgress> fill(ManagedChannel channel, String fillId) {
    List<FillProgress> progress = new ArrayList<>();
    agent(channel).fill(fillRequest(fillId, 0)).forEachRemaining(progress::add);
    FillProgress last = progress.get(progress.size() - 1);
    assertEquals(AssetState.ASSET_STATE_DONE, last.getState(), last.getErrorCode() + ": " + last.getMessage());
    return progress;
  }

  /** The Range header of each origin request from the given one on; {@link #WHOLE} for none. */
  private List<String> rangesSince(int firstRequest) {
    return origin.rangesSeen.subList(firstRequest, origin.rangesSeen.size()).stream()
        .map(range -> range.isEmpty() ? WHOLE : range).toList();
  }

  private static List<Long> downloadOffsets(List<FillProgress> progress) {
    return progress.stream().filter(p -> p.getState() == AssetState.ASSET_STATE_DOWNLOADING)
        .map(FillProgress::getAssetBytesDone).toList();
  }

  /** Served over HTTP with a signed URL, byte for byte, with the sha256 as ETag; listed with its checksum. */
  private void assertServedAndListed(ApplianceProcess appliance, ManagedChannel channel) throws Exception {
    assertEquals(SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(target()))));
    HttpResponse<byte[]> served = get(signedUrl(appliance));
    assertEquals(200, served.statusCode());
    assertArrayEquals(DATA, served.body());
    assertEquals("\"" + SHA256.substring(0, 32) + "\"", served.headers().firstValue("ETag").orElse(""));
    List<HeldAsset> held = agent(channel).inventory(InventoryRequest.getDefaultInstance()).getAssetsList();
    assertEquals(1, held.size(), held.toString());
    assertEquals(TITLE, held.get(0).getTitleId());
    assertEquals(PATH, held.get(0).getPath());
    assertEquals(SIZE, held.get(0).getSizeBytes());
    assertEquals(SHA256, held.get(0).getSha256Hex());
    try (Stream<Path> left = Files.list(store.resolve(".fill"))) {
      assertEquals(List.of(), left.toList(), "no partial file is left behind");
    }
  }

  private URI signedUrl(ApplianceProcess appliance) {
    UrlSigner signer = new UrlSigner(new SigningKeys("k1", Map.of("k1", KEY)), Clock.systemUTC());
    String token = signer.sign(new UrlSigner.Grant("/titles/" + TITLE + "/", Instant.now().plus(Duration.ofHours(1)),
        "session-1", CidrBlock.parse("127.0.0.0/8")));
    return URI.create("http://127.0.0.1:" + appliance.httpPort() + "/s/" + token + "/titles/" + TITLE + "/" + PATH);
  }

  private HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private String metrics(ApplianceProcess appliance) throws IOException, InterruptedException {
    return new String(get(URI.create("http://127.0.0.1:" + appliance.httpPort() + "/metrics")).body(),
        StandardCharsets.UTF_8);
  }

  @Test
  void aFillKilledMidwayResumesFromItsPartialFileAfterRestart() throws Exception {
    long kept = killMidFill();
    int requestsBeforeRestart = origin.rangesSeen.size();

    ApplianceProcess second = startAppliance();
    ManagedChannel channel = channel(second);
    try {
      assertNotHeld(second, channel);
      List<FillProgress> progress = fill(channel, "after-restart");

      assertEquals(List.of("bytes=" + kept + "-"), rangesSince(requestsBeforeRestart),
          "one request, for the missing bytes only");
      assertEquals(kept, downloadOffsets(progress).get(0), "progress starts at the resumed offset");
      String metrics = metrics(second);
      assertTrue(metrics.contains("\noca_fill_bytes_total " + (SIZE - kept) + "\n"),
          "the restarted appliance copied only the missing " + (SIZE - kept) + " bytes:\n" + metrics);
      assertTrue(metrics.contains("oca_fill_assets_total{result=\"done\"} 1"), metrics);
      assertServedAndListed(second, channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPartialFileDamagedWhileTheApplianceWasDownIsCaughtByTheChecksumAndFetchedAgain() throws Exception {
    long kept = killMidFill();
    int requestsBeforeRestart = origin.rangesSeen.size();
    try (RandomAccessFile part = new RandomAccessFile(partFile().toFile(), "rw")) {
      part.seek(kept / 2);
      byte[] damage = new byte[4096];
      part.write(damage);
    }
    assertFalse(Arrays.equals(Arrays.copyOf(DATA, (int) kept), Files.readAllBytes(partFile())),
        "the partial file really differs from the asset's prefix");

    ApplianceProcess second = startAppliance();
    ManagedChannel channel = channel(second);
    try {
      assertNotHeld(second, channel);
      List<FillProgress> progress = fill(channel, "after-damage");

      // The damage cannot be seen in the kept prefix alone: the remainder is fetched, the whole file fails its
      // sha256, and the asset is fetched once more from the first byte instead of failing the fill.
      assertEquals(List.of("bytes=" + kept + "-", WHOLE), rangesSince(requestsBeforeRestart));
      List<Long> offsets = downloadOffsets(progress);
      assertEquals(kept, offsets.get(0));
      assertTrue(offsets.contains(0L), "the second download starts from zero: " + offsets);
      String metrics = metrics(second);
      assertTrue(metrics.contains("\noca_fill_bytes_total " + (SIZE - kept + SIZE) + "\n"), metrics);
      assertTrue(metrics.contains("oca_fill_assets_total{result=\"done\"} 1"), metrics);
      assertFalse(metrics.contains("CHECKSUM_MISMATCH"), metrics);
      assertServedAndListed(second, channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
