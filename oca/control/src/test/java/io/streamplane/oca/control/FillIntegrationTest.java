package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.oca.Appliance;
import io.streamplane.oca.ApplianceConfig;
import io.streamplane.oca.Origin;
import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.placement.FillWindow;
import io.streamplane.oca.serve.ServerLimits;
import io.streamplane.proto.catalog.v1.AvailabilityWindow;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import io.streamplane.proto.oca.v1.AnnounceTitleRequest;
import io.streamplane.proto.oca.v1.ApplianceState;
import io.streamplane.proto.oca.v1.FillServiceGrpc;
import io.streamplane.proto.oca.v1.FleetServiceGrpc;
import io.streamplane.proto.oca.v1.ListAppliancesRequest;
import io.streamplane.proto.oca.v1.ListFillsRequest;
import io.streamplane.proto.oca.v1.ListFillsResponse;
import io.streamplane.proto.oca.v1.RankedSource;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import io.streamplane.proto.oca.v1.TitleFillState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fill path over real parts: a control plane (state in a fresh Cassandra keyspace) reads titles from a gRPC
 * catalog, places them, and fills real appliances from a real origin serving the encoder's layout; a flash appliance
 * fills from the storage appliance once that holds the files; an appliance whose fill window is closed gets nothing;
 * an announced title displaces the least popular one on the small flash appliance; a restarted control plane carries
 * on from Cassandra.
 */
class FillIntegrationTest {
  private static final String KEYS = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final long TITLE_BYTES = 3 * 200 * 1024 + 2 * 4096;

  @TempDir
  Path root;

  private final String keyspace = "oca_fill_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<AutoCloseable> running = new ArrayList<>();
  private TestCatalog catalog;
  private Origin origin;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void fillsFollowPlacementAndSurviveARestart() throws Exception {
    catalog = new TestCatalog();
    running.add(catalog);
    for (String[] t : new String[][] {{"t1", "0.9"}, {"t2", "0.5"}, {"t3", "0.1"}}) {
      publish(t[0], Double.parseDouble(t[1]));
    }
    origin = Origin.start(new Origin.Config(root.resolve("origin"), "127.0.0.1", 0,
        AdvertisedPrefixes.parse("0.0.0.0/0"), SigningKeys.parse(KEYS)));
    running.add(origin);
    ControlPlane plane = startPlane(0);
    ManagedChannel channel = channel(plane);

    // The storage appliance and a flash appliance whose window is closed start first.
    Appliance exchange = appliance("ix-1", "storage", "0.0.0.0/0", 64L << 20, plane);
    Appliance closed = appliance("isp-b", "flash", "10.2.0.0/16", 1_400_000, plane);
    await(() -> titlesHeld(exchange).equals(Set.of("t1", "t2", "t3")));
    long originBytesAfterExchange = metric(origin.httpPort(), "oca_http_response_bytes_total");
    long exchangeServedBefore = metric(exchange.httpPort(), "oca_http_response_bytes_total");

    // The small flash appliance gets the two most popular titles, from the storage appliance, not the origin.
    Appliance flash = appliance("isp-a", "flash", "127.0.0.0/8", 1_400_000, plane);
    await(() -> titlesHeld(flash).equals(Set.of("t1", "t2")));
    assertTrue(metric(exchange.httpPort(), "oca_http_response_bytes_total") - exchangeServedBefore >= 2 * TITLE_BYTES);
    // The only bytes the origin sent meanwhile are its own metrics page (under 1 KiB; every file is 4 KiB or more).
    assertTrue(metric(origin.httpPort(), "oca_http_response_bytes_total") - originBytesAfterExchange < 4096);
    assertEquals(Set.of(), titlesHeld(closed));

    // Steering: the flash appliance first; every source has the same bytes and the same strong ETag.
    await(() -> steer(channel, "t1").get(0).getApplianceId().equals("isp-a"));
    List<RankedSource> sources = steer(channel, "t1");
    assertEquals(List.of("isp-a", "ix-1", "origin"), sources.stream().map(RankedSource::getApplianceId).toList());
    byte[] expected = Files.readAllBytes(root.resolve("origin/t1/v360_0/seg_00001.m4s"));
    Set<String> etags = new TreeSet<>();
    for (RankedSource source : sources) {
      HttpResponse<byte[]> response = get(source.getUrl() + "v360_0/seg_00001.m4s");
      assertEquals(200, response.statusCode(), source.getUrl());
      assertArrayEquals(expected, response.body());
      etags.add(response.headers().firstValue("ETag").orElseThrow());
    }
    assertEquals(Set.of("\"" + sha256(expected).substring(0, 32) + "\""), etags);

    // A newly published, very popular title: placed at once, displaces t2 on the flash appliance.
    publish("t4", 1.0);
    var fills = FillServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    assertEquals(3, fills.announceTitle(AnnounceTitleRequest.newBuilder().setTitleId("t4").build()).getPlacedOn());
    await(() -> titlesHeld(flash).equals(Set.of("t4", "t1")) && titlesHeld(exchange).size() == 4);
    assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> fills.announceTitle(
        AnnounceTitleRequest.newBuilder().setTitleId("no-such-title").build())).getStatus().getCode());
    assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> fills.announceTitle(
        AnnounceTitleRequest.newBuilder().setTitleId("../etc").build())).getStatus().getCode());
    await(() -> doneTitles(fills.listFills(ListFillsRequest.getDefaultInstance()), "isp-a").equals(Set.of("t4", "t1")));
    ListFillsResponse before = fills.listFills(ListFillsRequest.getDefaultInstance());
    assertEquals(Set.of("t1", "t2", "t3", "t4"), doneTitles(before, "ix-1"));
    channel.shutdownNow();

    // Restart (same address): the new control plane knows the fleet, the placement and the progress from Cassandra.
    int port = plane.grpcPort();
    plane.close();
    running.remove(plane);
    ControlPlane restarted = startPlane(port);
    ManagedChannel again = channel(restarted);
    List<ApplianceState> fleet = FleetServiceGrpc.newBlockingStub(again).withDeadlineAfter(5, TimeUnit.SECONDS)
        .listAppliances(ListAppliancesRequest.getDefaultInstance()).getAppliancesList();
    assertEquals(Set.of("isp-a", "isp-b", "ix-1"),
        fleet.stream().map(a -> a.getAppliance().getApplianceId()).collect(Collectors.toSet()));
    ListFillsResponse after = FillServiceGrpc.newBlockingStub(again).withDeadlineAfter(5, TimeUnit.SECONDS)
        .listFills(ListFillsRequest.getDefaultInstance());
    assertEquals(Set.copyOf(before.getPlacementsList()), Set.copyOf(after.getPlacementsList()));
    assertEquals(doneTitles(before, "ix-1"), doneTitles(after, "ix-1"));
    await(() -> steer(again, "t4").get(0).getApplianceId().equals("isp-a"));
    assertEquals(Set.of("t4", "t1"), titlesHeld(flash));
    again.shutdownNow();
  }

  /** Writes a title in the encoder's origin layout and lists it in the catalog with its checksums. */
  private void publish(String titleId, double popularity) throws Exception {
    Path dir = root.resolve("origin").resolve(titleId);
    Random random = new Random(titleId.hashCode());
    TitleAssets.Builder assets = TitleAssets.newBuilder().setTitleId(titleId);
    Map<String, Integer> files = Map.of("manifest.mpd", 4096, "v360_0/init.mp4", 4096, "v360_0/seg_00000.m4s",
        200 * 1024, "v360_0/seg_00001.m4s", 200 * 1024, "v360_0/seg_00002.m4s", 200 * 1024);
    for (var file : files.entrySet()) {
      byte[] bytes = new byte[file.getValue()];
      random.nextBytes(bytes);
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, bytes);
      assets.addAssets(MediaAsset.newBuilder().setId(file.getKey()).setPath(file.getKey()).setKind("VIDEO")
          .setSizeBytes(bytes.length).setSha256(sha256(bytes)));
    }
    Files.writeString(dir.resolve("report.md"), "# not served, not listed");
    catalog.put(Title.newBuilder().setId(titleId).setName(titleId).setPopularity(popularity)
        .addAvailability(AvailabilityWindow.newBuilder().setCountry("US").setAvailableFromEpochS(1)).build(),
        assets.build());
  }

  private ControlPlane startPlane(int port) {
    // isp-b's window is the hour that starts two hours from now: closed for the whole test.
    LocalTime opens = LocalTime.now(ZoneOffset.UTC).plusHours(2).withSecond(0).withNano(0);
    FillScheduler.Settings fill = new FillScheduler.Settings(FillWindow.ALWAYS,
        Map.of("isp-b", new FillWindow(opens, opens.plusHours(1), ZoneOffset.UTC)), 0, Duration.ofMillis(300));
    ControlPlane plane = ControlPlane.start(new ControlPlane.Config(port, "http://127.0.0.1:" + origin.httpPort(),
        SigningKeys.parse(KEYS), Duration.ofMillis(300), 0.85, Duration.ofHours(1), Duration.ofMillis(500),
        System.getProperty("streamplane.cassandra", "127.0.0.1:9042"), keyspace, catalog.target(),
        Duration.ofHours(1), fill, 0.1, Duration.ofDays(7)));
    running.add(plane);
    return plane;
  }

  private Appliance appliance(String id, String tier, String prefixes, long capacity, ControlPlane plane) {
    ApplianceConfig config = new ApplianceConfig(root.resolve(id), "127.0.0.1", 0, 0, AdvertisedPrefixes.parse(prefixes),
        SigningKeys.parse(KEYS), Optional.empty(), 0, 0, ServerLimits.defaults(),
        Optional.of(new ApplianceConfig.Membership("127.0.0.1:" + plane.grpcPort(), id, tier, "site-" + id, 64500,
            capacity, "http://127.0.0.1:{port}")));
    Appliance appliance = Appliance.start(config);
    running.add(appliance);
    return appliance;
  }

  private static ManagedChannel channel(ControlPlane plane) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", plane.grpcPort(), InsecureChannelCredentials.create()).build();
  }

  /** Titles of which the appliance holds every file the catalog lists. */
  private static Set<String> titlesHeld(Appliance appliance) throws Exception {
    Set<String> titles = new TreeSet<>();
    Map<String, Long> files = appliance.store().inventory(List.of()).stream()
        .collect(Collectors.groupingBy(f -> f.titleId(), Collectors.counting()));
    files.forEach((title, count) -> {
      if (count == 5) {
        titles.add(title);
      }
    });
    return titles;
  }

  private static Set<String> doneTitles(ListFillsResponse fills, String applianceId) {
    return fills.getFillsList().stream().filter(f -> f.getApplianceId().equals(applianceId)
        && f.getState().equals("DONE")).map(TitleFillState::getTitleId).collect(Collectors.toSet());
  }

  private static List<RankedSource> steer(ManagedChannel channel, String titleId) {
    return SteeringServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).steer(SteerRequest
        .newBuilder().setTitleId(titleId).setClientAddress("127.0.0.1").setSessionId("s-1").build()).getSourcesList();
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long metric(int port, String name) throws Exception {
    String page = new String(get("http://127.0.0.1:" + port + "/metrics").body());
    for (String line : page.split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void await(ThrowingCondition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.met()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
      Thread.sleep(100);
    }
  }

  @FunctionalInterface
  private interface ThrowingCondition {
    boolean met() throws Exception;
  }
}
