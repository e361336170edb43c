package io.streamplane.oca.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.fleet.Health;
import io.streamplane.oca.fleet.Tier;
import io.streamplane.proto.oca.v1.ApplianceState;
import io.streamplane.proto.oca.v1.ApplianceStatus;
import io.streamplane.proto.oca.v1.ApplianceTier;
import io.streamplane.proto.oca.v1.FleetServiceGrpc;
import io.streamplane.proto.oca.v1.HealthBeat;
import io.streamplane.proto.oca.v1.HealthReport;
import io.streamplane.proto.oca.v1.ListAppliancesRequest;
import io.streamplane.proto.oca.v1.ListAppliancesResponse;
import io.streamplane.proto.oca.v1.RegisterRequest;
import io.streamplane.proto.oca.v1.RegisterResponse;
import io.streamplane.proto.oca.v1.StreamHealthSummary;
import java.time.Duration;

/** Appliances register here and stream their health; operators list the fleet. */
public final class FleetGrpcService extends FleetServiceGrpc.FleetServiceImplBase {
  private final FleetRegistry fleet;
  private final Duration heartbeatInterval;

  public FleetGrpcService(FleetRegistry fleet, Duration heartbeatInterval) {
    this.fleet = fleet;
    this.heartbeatInterval = heartbeatInterval;
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
    Appliance appliance;
    try {
      Tier tier = switch (request.getTier()) {
        case APPLIANCE_TIER_FLASH -> Tier.FLASH;
        case APPLIANCE_TIER_STORAGE -> Tier.STORAGE;
        default -> throw new IllegalArgumentException("tier must be FLASH or STORAGE");
      };
      if (request.getBaseUrl().isEmpty() || request.getAgentTarget().isEmpty()) {
        throw new IllegalArgumentException("base_url and agent_target are required");
      }
      appliance = new Appliance(request.getApplianceId(), tier, request.getSite(), request.getAsn(),
          request.getAdvertisedPrefixesList(), request.getCapacityBytes(), request.getBaseUrl(),
          request.getAgentTarget());
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    fleet.register(appliance);
    out.onNext(RegisterResponse.newBuilder().setIntervalMs(heartbeatInterval.toMillis()).build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<HealthBeat> streamHealth(StreamObserver<StreamHealthSummary> out) {
    return new StreamObserver<>() {
      private long beats;

      @Override
      public void onNext(HealthBeat beat) {
        HealthReport report = beat.getHealth();
        if (!fleet.heartbeat(beat.getApplianceId(), new Health(Math.max(0, report.getCpuLoad()),
            report.getStoredBytes(), report.getErrorRate(), report.getDraining()))) {
          out.onError(Status.FAILED_PRECONDITION.withDescription("appliance " + beat.getApplianceId()
              + " is not registered: call Register first").asRuntimeException());
          return;
        }
        beats++;
      }

      @Override
      public void onError(Throwable t) {
        // the appliance went away; its silence marks it down after the heartbeat timeout
      }

      @Override
      public void onCompleted() {
        out.onNext(StreamHealthSummary.newBuilder().setBeats(beats).build());
        out.onCompleted();
      }
    };
  }

  @Override
  public void listAppliances(ListAppliancesRequest request, StreamObserver<ListAppliancesResponse> out) {
    ListAppliancesResponse.Builder response = ListAppliancesResponse.newBuilder();
    for (FleetRegistry.Member member : fleet.members()) {
      Appliance a = member.appliance();
      response.addAppliances(ApplianceState.newBuilder()
          .setAppliance(RegisterRequest.newBuilder().setApplianceId(a.id())
              .setTier(a.tier() == Tier.FLASH ? ApplianceTier.APPLIANCE_TIER_FLASH : ApplianceTier.APPLIANCE_TIER_STORAGE)
              .setSite(a.site()).setAsn(a.asn()).addAllAdvertisedPrefixes(a.advertisedPrefixes())
              .setCapacityBytes(a.capacityBytes()).setBaseUrl(a.baseUrl()).setAgentTarget(a.agentTarget()))
          .setStatus(switch (member.status()) {
            case UP -> ApplianceStatus.APPLIANCE_STATUS_UP;
            case DRAINING -> ApplianceStatus.APPLIANCE_STATUS_DRAINING;
            case DOWN -> ApplianceStatus.APPLIANCE_STATUS_DOWN;
          })
          .setLoad(member.health().load())
          .setLastSeenEpochMs(member.lastSeen().toEpochMilli()));
    }
    out.onNext(response.build());
    out.onCompleted();
  }
}
