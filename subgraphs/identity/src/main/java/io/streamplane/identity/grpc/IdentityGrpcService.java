package io.streamplane.identity.grpc;

import io.grpc.stub.StreamObserver;
import io.streamplane.identity.account.Members;
import io.streamplane.identity.history.CatalogIds;
import io.streamplane.identity.history.ViewingRecord;
import io.streamplane.identity.history.ViewingStore;
import io.streamplane.identity.membership.Entitlement;
import io.streamplane.identity.membership.Plan;
import io.streamplane.identity.profile.ProfileRules;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.platform.grpc.Deadlines;
import io.streamplane.proto.identity.v1.GetEntitlementRequest;
import io.streamplane.proto.identity.v1.IdentityServiceGrpc;
import io.streamplane.proto.identity.v1.Resolution;
import io.streamplane.proto.identity.v1.SaveViewingPositionRequest;
import io.streamplane.proto.identity.v1.SaveViewingPositionResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The identity's gRPC edge for playback; every store call gets at most the caller's remaining deadline. */
public final class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {
  private static final Duration MAX_STORE_TIME = Duration.ofSeconds(2);
  /** A position beyond a day is a client bug, not a film. */
  private static final long MAX_POSITION_MS = Duration.ofHours(24).toMillis();

  private final Members members;
  private final ViewingStore viewing;
  private final Clock clock;

  public IdentityGrpcService(Members members, ViewingStore viewing, Clock clock) {
    this.members = members;
    this.viewing = viewing;
    this.clock = clock;
  }

  @Override
  public void getEntitlement(GetEntitlementRequest request,
      StreamObserver<io.streamplane.proto.identity.v1.Entitlement> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    UUID account = ProfileRules.parseId(request.getAccountId(), "account_id");
    UUID profile = ProfileRules.parseId(request.getProfileId(), "profile_id");
    // Empty for internal callers without a user session; otherwise a revoked sign-in answers UNAUTHENTICATED.
    UUID session = request.getSessionId().isEmpty() ? null : ProfileRules.parseId(request.getSessionId(), "session_id");
    Entitlement e = members.entitlement(account, profile, session, budget);
    Plan plan = e.plan();
    out.onNext(io.streamplane.proto.identity.v1.Entitlement.newBuilder()
        .setAccountId(account.toString())
        .setProfileId(profile.toString())
        .setPlan(plan.name())
        .setMaxConcurrentStreams(plan.maxConcurrentStreams())
        .setMaxResolution(resolution(plan.maxResolution()))
        .setMaxHeight(plan.maxResolution().height())
        .setHdr(plan.hdr())
        .setMaturityLimit(e.profile().maturityLimit())
        .setKids(e.profile().kids())
        .setSubscriptionActive(e.subscription().active())
        .setCountry(e.account().country())
        .setLanguage(e.profile().language())
        .build());
    out.onCompleted();
  }

  @Override
  public void saveViewingPosition(SaveViewingPositionRequest request,
      StreamObserver<SaveViewingPositionResponse> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    UUID account = ProfileRules.parseId(request.getAccountId(), "account_id");
    UUID profile = ProfileRules.parseId(request.getProfileId(), "profile_id");
    String title = CatalogIds.title(request.getTitleId());
    String episode = CatalogIds.episode(request.getEpisodeId());
    if (request.getPositionMs() < 0 || request.getPositionMs() > MAX_POSITION_MS) {
      throw ServiceException.badInput("position_ms must be between 0 and " + MAX_POSITION_MS);
    }
    if (request.getDurationMs() < 0 || request.getDurationMs() > MAX_POSITION_MS) {
      throw ServiceException.badInput("duration_ms must be between 0 and " + MAX_POSITION_MS);
    }
    members.profile(account, profile, budget);
    ViewingRecord saved = viewing.save(new ViewingRecord(profile, title, episode, request.getPositionMs(),
        request.getDurationMs(), clock.instant()), Deadlines.remaining(MAX_STORE_TIME));
    out.onNext(SaveViewingPositionResponse.newBuilder().setUpdatedAtEpochMs(saved.updatedAt().toEpochMilli()).build());
    out.onCompleted();
  }

  private static Resolution resolution(Plan.Resolution resolution) {
    return switch (resolution) {
      case SD_480P -> Resolution.RESOLUTION_SD_480P;
      case HD_1080P -> Resolution.RESOLUTION_HD_1080P;
      case UHD_2160P -> Resolution.RESOLUTION_UHD_2160P;
    };
  }
}
