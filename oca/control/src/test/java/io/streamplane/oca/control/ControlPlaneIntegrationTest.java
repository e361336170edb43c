package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.streamplane.oca.Appliance;
import io.streamplane.oca.ApplianceConfig;
import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.serve.ServerLimits;
import io.streamplane.proto.oca.v1.ApplianceStatus;
import io.streamplane.proto.oca.v1.FleetServiceGrpc;
import io.streamplane.proto.oca.v1.ListAppliancesRequest;
import io.streamplane.proto.oca.v1.RankedSource;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteerResponse;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real appliances register with a real control plane over gRPC; steering sends a client to the appliance of its
 * network, the signed URL fetches the segment from it, and when that appliance dies the next ranked one takes over.
 */
class ControlPlaneIntegrationTest {
  private static final String KEYS = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String TITLE = "80000001";

  private static Appliance appliance(Path root, String id, String tier, String prefixes, int controlPort,
      byte[] segment) throws Exception {
    Path store = root.resolve(id);
    Path file = store.resolve("titles/" + TITLE + "/video/seg-00001.m4s");
    Files.createDirectories(file.getParent());
    Files.write(file, segment);
    // The public URL is only known once the port is bound; the test maps ids to ports through the control plane.
    ApplianceConfig config = new ApplianceConfig(store, "127.0.0.1", 0, 0, AdvertisedPrefixes.parse(prefixes),
        SigningKeys.parse(KEYS), Optional.empty(), 0, 0, ServerLimits.defaults(),
        Optional.of(new ApplianceConfig.Membership("127.0.0.1:" + controlPort, id, tier, "site-" + id, 64500,
            1L << 30, "http://127.0.0.1:{port}")));
    return Appliance.start(config);
  }

  @Test
  void steersToTheClientsApplianceAndFailsOverWhenItDies(@TempDir Path root) throws Exception {
    byte[] segment = new byte[256 * 1024];
    new Random(7).nextBytes(segment);
    String keyspace = "oca_steer_test_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (TestCatalog catalog = new TestCatalog();
        ControlPlane plane = ControlPlane.start(new ControlPlane.Config(0, "http://127.0.0.1:1",
            SigningKeys.parse(KEYS), Duration.ofMillis(300), 0.85, Duration.ofHours(1), Duration.ofHours(1),
            System.getProperty("streamplane.cassandra", "127.0.0.1:9042"), keyspace, catalog.target(),
            Duration.ofHours(1), new FillScheduler.Settings(io.streamplane.oca.placement.FillWindow.ALWAYS,
                java.util.Map.of(), 0, Duration.ofSeconds(1)), 0.1, Duration.ofDays(7)))) {
      List<Appliance> appliances = new ArrayList<>();
      Appliance ispA = appliance(root, "isp-a", "flash", "127.0.0.0/8", plane.grpcPort(), segment);
      appliances.add(ispA);
      appliances.add(appliance(root, "isp-b", "flash", "10.2.0.0/16", plane.grpcPort(), segment));
      Appliance exchange = appliance(root, "ix-1", "storage", "0.0.0.0/0", plane.grpcPort(), segment);
      appliances.add(exchange);
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", plane.grpcPort(),
          InsecureChannelCredentials.create()).build();
      try {
        var fleet = FleetServiceGrpc.newBlockingStub(channel);
        await(() -> fleet.listAppliances(ListAppliancesRequest.getDefaultInstance()).getAppliancesList().stream()
            .filter(a -> a.getStatus() == ApplianceStatus.APPLIANCE_STATUS_UP).count() == 3);
        plane.refreshInventory();

        List<RankedSource> ranked = steer(channel);
        assertEquals(List.of("isp-a", "ix-1", "origin"), ranked.stream().map(RankedSource::getApplianceId).toList());
        assertArrayEquals(segment, fetch(ranked.get(0), ispA.httpPort()));

        ispA.close();  // the embedded appliance dies mid-session
        await(() -> steer(channel).stream().noneMatch(s -> s.getApplianceId().equals("isp-a")));
        List<RankedSource> after = steer(channel);
        assertEquals(List.of("ix-1", "origin"), after.stream().map(RankedSource::getApplianceId).toList());
        assertArrayEquals(segment, fetch(after.get(0), exchange.httpPort()));
      } finally {
        channel.shutdownNow();
        for (Appliance appliance : appliances.subList(1, appliances.size())) {
          appliance.close();
        }
      }
    }
  }

  private static List<RankedSource> steer(ManagedChannel channel) {
    SteerResponse response = SteeringServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .steer(SteerRequest.newBuilder().setTitleId(TITLE).setClientAddress("127.0.0.1").setSessionId("s-1").build());
    return response.getSourcesList();
  }

  /** The ranked URL, with the appliance's real port in place of the placeholder it registered. */
  private static byte[] fetch(RankedSource source, int port) throws Exception {
    String url = source.getUrl().replace("{port}", Integer.toString(port)) + "video/seg-00001.m4s";
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
      Thread.sleep(100);
    }
  }
}
