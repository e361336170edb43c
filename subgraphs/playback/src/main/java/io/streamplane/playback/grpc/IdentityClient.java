package io.streamplane.playback.grpc;

import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.play.Entitlement;
import io.streamplane.playback.play.Entitlements;
import io.streamplane.playback.play.ViewingHistory;
import io.streamplane.proto.identity.v1.GetEntitlementRequest;
import io.streamplane.proto.identity.v1.IdentityServiceGrpc;
import io.streamplane.proto.identity.v1.SaveViewingPositionRequest;
import java.util.concurrent.TimeUnit;

/**
 * Identity over gRPC: entitlements (the last one per profile is the fallback while identity is down, so a short
 * identity outage does not stop people from pressing play) and the viewing history. The fallback is for an unwell
 * identity only: an answer such as UNAUTHENTICATED (the sign-in was revoked) or FORBIDDEN reaches the caller as it is.
 */
public final class IdentityClient implements Entitlements, ViewingHistory {
  private final Peer peer;
  private final LastKnown<Entitlement> last;

  public IdentityClient(Peer peer, LastKnown<Entitlement> last) {
    this.peer = peer;
    this.last = last;
  }

  @Override
  public Entitlement of(String accountId, String profileId, String sessionId) {
    String key = accountId + ":" + profileId;
    try {
      io.streamplane.proto.identity.v1.Entitlement e = peer.call(ms -> IdentityServiceGrpc.newBlockingStub(
          peer.channel()).withDeadlineAfter(ms, TimeUnit.MILLISECONDS).getEntitlement(
          GetEntitlementRequest.newBuilder().setAccountId(accountId).setProfileId(profileId)
              .setSessionId(sessionId == null ? "" : sessionId).build()));
      Entitlement entitlement = new Entitlement(e.getPlan(), e.getMaxConcurrentStreams(), e.getMaxHeight(), e.getHdr(),
          e.getMaturityLimit(), e.getSubscriptionActive());
      last.remember(key, entitlement);
      return entitlement;
    } catch (ServiceException e) {
      if (!Peer.unwell(e)) {
        throw e;
      }
      return last.recall(key).orElseThrow(() -> e);
    }
  }

  @Override
  public void save(String accountId, String profileId, String titleId, String episodeId, long positionMs,
      long durationMs) {
    peer.call(ms -> IdentityServiceGrpc.newBlockingStub(peer.channel()).withDeadlineAfter(ms, TimeUnit.MILLISECONDS)
        .saveViewingPosition(SaveViewingPositionRequest.newBuilder().setAccountId(accountId).setProfileId(profileId)
            .setTitleId(titleId).setEpisodeId(episodeId == null ? "" : episodeId).setPositionMs(positionMs)
            .setDurationMs(durationMs).build()));
  }
}
