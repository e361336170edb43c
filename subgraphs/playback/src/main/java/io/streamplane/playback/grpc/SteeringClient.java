package io.streamplane.playback.grpc;

import io.streamplane.playback.manifest.Source;
import io.streamplane.playback.play.Steering;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteerResponse;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OCA control plane's steering over gRPC. No fallback: only steering can sign appliance URLs, so without it a
 * start fails with UNAVAILABLE (and its lease is released).
 */
public final class SteeringClient implements Steering {
  private final Peer peer;

  public SteeringClient(Peer peer) {
    this.peer = peer;
  }

  @Override
  public List<Source> steer(String titleId, String clientAddress, String sessionId) {
    SteerResponse response = peer.call(ms -> SteeringServiceGrpc.newBlockingStub(peer.channel())
        .withDeadlineAfter(ms, TimeUnit.MILLISECONDS)
        .steer(SteerRequest.newBuilder().setTitleId(titleId).setClientAddress(clientAddress).setSessionId(sessionId)
            .build()));
    return response.getSourcesList().stream()
        .map(s -> new Source(s.getApplianceId(), s.getUrl().endsWith("/") ? s.getUrl() : s.getUrl() + "/",
            s.getReason()))
        .toList();
  }
}
