package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.fleet.FleetRegistryTest.ManualClock;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.oca.steering.SteeringRanker;
import io.streamplane.proto.oca.v1.ApplianceTier;
import io.streamplane.proto.oca.v1.FleetServiceGrpc;
import io.streamplane.proto.oca.v1.HealthBeat;
import io.streamplane.proto.oca.v1.HealthReport;
import io.streamplane.proto.oca.v1.ListAppliancesRequest;
import io.streamplane.proto.oca.v1.RankedSource;
import io.streamplane.proto.oca.v1.RegisterRequest;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteerResponse;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import io.streamplane.proto.oca.v1.StreamHealthSummary;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Appliances register and beat over gRPC; steering ranks them for a client and drops a dead one within seconds. */
class ControlPlaneGrpcTest {
  private final ManualClock clock = new ManualClock();
  private final FleetRegistry fleet = new FleetRegistry(clock, Duration.ofSeconds(3));
  private final Holdings holdings = new Holdings();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    SteeringRanker ranker = new SteeringRanker(0.85, (appliance, client) -> appliance.advertisedPrefixes().stream()
        .anyMatch(p -> client.getHostAddress().startsWith(p.substring(0, p.indexOf(".0.0/")) + ".")));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new FleetGrpcService(fleet, Duration.ofSeconds(1)))
        .addService(new SteeringGrpcService(fleet, holdings, ranker,
            (title, session, client, expires) -> "/s/token-" + session + "/titles/" + title + "/",
            "http://origin:8200", Duration.ofHours(4), clock))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private void register(String id, ApplianceTier tier, String prefix) {
    RegisterRequest.Builder request = RegisterRequest.newBuilder().setApplianceId(id).setTier(tier).setSite("site-" + id)
        .setAsn(64500).setCapacityBytes(1 << 30).setBaseUrl("http://" + id).setAgentTarget(id + ":9");
    if (prefix != null) {
      request.addAdvertisedPrefixes(prefix);
    }
    assertEquals(1000, FleetServiceGrpc.newBlockingStub(channel).register(request.build()).getIntervalMs());
  }

  private long beat(String... ids) throws Exception {
    CompletableFuture<StreamHealthSummary> summary = new CompletableFuture<>();
    StreamObserver<HealthBeat> beats = FleetServiceGrpc.newStub(channel).streamHealth(new StreamObserver<>() {
      @Override public void onNext(StreamHealthSummary value) { summary.complete(value); }
      @Override public void onError(Throwable t) { summary.completeExceptionally(t); }
      @Override public void onCompleted() { }
    });
    for (String id : ids) {
      beats.onNext(HealthBeat.newBuilder().setApplianceId(id).setHealth(HealthReport.newBuilder().setCpuLoad(0.2))
          .build());
    }
    beats.onCompleted();
    return summary.get(5, TimeUnit.SECONDS).getBeats();
  }

  private List<String> steer(String client) {
    SteerResponse response = SteeringServiceGrpc.newBlockingStub(channel).steer(SteerRequest.newBuilder()
        .setTitleId("80000001").setClientAddress(client).setSessionId("sess-1").build());
    return response.getSourcesList().stream().map(RankedSource::getApplianceId).toList();
  }

  @Test
  void steersToTheClientsIspThenTheExchangeThenTheOriginAndForgetsTheDead() throws Exception {
    register("isp-a", ApplianceTier.APPLIANCE_TIER_FLASH, "10.1.0.0/16");
    register("isp-b", ApplianceTier.APPLIANCE_TIER_FLASH, "10.2.0.0/16");
    register("ix-1", ApplianceTier.APPLIANCE_TIER_STORAGE, null);
    holdings.replace("isp-a", Set.of("80000001"));
    holdings.replace("isp-b", Set.of("80000001"));
    holdings.replace("ix-1", Set.of("80000001", "80000002"));
    assertEquals(3, beat("isp-a", "isp-b", "ix-1"));

    assertEquals(List.of("isp-a", "ix-1", "origin"), steer("10.1.7.7"));
    assertEquals(List.of("isp-b", "ix-1", "origin"), steer("10.2.7.7"));
    SteerResponse full = SteeringServiceGrpc.newBlockingStub(channel).steer(SteerRequest.newBuilder()
        .setTitleId("80000001").setClientAddress("10.1.7.7").setSessionId("sess-1").build());
    assertEquals("http://isp-a/s/token-sess-1/titles/80000001/", full.getSources(0).getUrl());
    assertTrue(full.getSources(0).getReason().contains("embedded"));

    clock.now = clock.now.plusSeconds(2);
    beat("isp-b", "ix-1");               // isp-a has gone quiet
    clock.now = clock.now.plusSeconds(2);
    assertEquals(List.of("ix-1", "origin"), steer("10.1.7.7"));
    assertEquals(3, FleetServiceGrpc.newBlockingStub(channel).listAppliances(ListAppliancesRequest.getDefaultInstance())
        .getAppliancesCount());
  }

  @Test
  void badRequestsAreRefused() {
    StatusRuntimeException tier = assertThrows(StatusRuntimeException.class, () -> FleetServiceGrpc
        .newBlockingStub(channel).register(RegisterRequest.newBuilder().setApplianceId("x").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, tier.getStatus().getCode());
    for (SteerRequest bad : List.of(
        SteerRequest.newBuilder().setTitleId("80000001").setClientAddress("example.com").setSessionId("s").build(),
        SteerRequest.newBuilder().setTitleId("../etc").setClientAddress("10.0.0.1").setSessionId("s").build(),
        SteerRequest.newBuilder().setTitleId("80000001").setClientAddress("10.0.0.1").build())) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> SteeringServiceGrpc.newBlockingStub(channel).steer(bad));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }
    StatusRuntimeException unregistered = assertThrows(StatusRuntimeException.class, () -> {
      try {
        beat("ghost");
      } catch (java.util.concurrent.ExecutionException e) {
        throw (StatusRuntimeException) e.getCause();
      }
    });
    assertEquals(Status.Code.FAILED_PRECONDITION, unregistered.getStatus().getCode());
  }
}
