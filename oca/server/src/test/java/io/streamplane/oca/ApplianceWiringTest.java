package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.AssetState;
import io.streamplane.proto.oca.v1.DrainRequest;
import io.streamplane.proto.oca.v1.FillAsset;
import io.streamplane.proto.oca.v1.FillProgress;
import io.streamplane.proto.oca.v1.FillRequest;
import io.streamplane.proto.oca.v1.HealthReport;
import io.streamplane.proto.oca.v1.HealthRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled appliance: HTTP and gRPC listeners share the store, the counters and the drain flag. */
class ApplianceWiringTest {

  @TempDir
  Path store;

  @Test
  void anApplianceFillsFromAnUpstreamApplianceThroughASignedUrl() throws Exception {
    try (TestAppliance upstream = TestAppliance.start(store.resolve("upstream"), "127.0.0.0/8");
        TestAppliance downstream = TestAppliance.start(store.resolve("downstream"), "127.0.0.0/8")) {
      byte[] data = TestAppliance.randomBytes(300_000, 6);
      upstream.write("/titles/t7/video/seg-1.m4s", data);
      String sha256 = java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(data));
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", downstream.appliance.grpcPort(),
          InsecureChannelCredentials.create()).build();
      try {
        var agent = ApplianceAgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        java.util.List<FillProgress> progress = new java.util.ArrayList<>();
        agent.fill(FillRequest.newBuilder().setFillId("from-upstream").addAssets(FillAsset.newBuilder()
            .setTitleId("t7").setPath("video/seg-1.m4s")
            .addSourceUrls(upstream.url("/titles/t7/video/seg-1.m4s").toString())
            .setSizeBytes(data.length).setSha256Hex(sha256)).build()).forEachRemaining(progress::add);
        assertEquals(AssetState.ASSET_STATE_DONE, progress.get(progress.size() - 1).getState());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      var served = downstream.get(downstream.url("/titles/t7/video/seg-1.m4s"));
      assertEquals(200, served.statusCode());
      org.junit.jupiter.api.Assertions.assertArrayEquals(data, served.body());
      assertTrue(downstream.appliance.metrics().render().contains("oca_fill_assets_total{result=\"done\"} 1"));
    }
  }

  @Test
  void grpcAgentAndHttpServerShareState() throws Exception {
    try (TestAppliance oca = TestAppliance.start(store, "127.0.0.0/8")) {
      byte[] data = TestAppliance.randomBytes(10_000, 4);
      oca.write("/titles/t1/seg-1.m4s", data);
      assertEquals(200, oca.get(oca.url("/titles/t1/seg-1.m4s")).statusCode());
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", oca.appliance.grpcPort(),
          InsecureChannelCredentials.create()).build();
      try {
        var agent = ApplianceAgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        HealthReport health = agent.health(HealthRequest.getDefaultInstance());
        assertEquals(data.length, health.getStoredBytes());
        assertTrue(health.getRequestsTotal() >= 1);
        assertTrue(health.getOpenConnections() >= 1, "the test client's keep-alive connection is open");
        agent.drain(DrainRequest.newBuilder().setDraining(true).build());
        String metrics = new String(oca.get(URI.create("http://127.0.0.1:" + oca.port() + "/metrics")).body(),
            StandardCharsets.UTF_8);
        assertTrue(metrics.contains("oca_draining 1.0"), metrics);
        assertTrue(metrics.matches("(?s).*oca_open_connections [1-9].*"), metrics);
        assertEquals(200, oca.get(oca.url("/titles/t1/seg-1.m4s")).statusCode(), "draining keeps serving");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
