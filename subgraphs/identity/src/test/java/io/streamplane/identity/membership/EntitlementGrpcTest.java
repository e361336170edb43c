package io.streamplane.identity.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.identity.IdentityServiceTestBase;
import io.streamplane.platform.grpc.GrpcErrors;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.proto.identity.v1.Entitlement;
import io.streamplane.proto.identity.v1.GetEntitlementRequest;
import io.streamplane.proto.identity.v1.IdentityServiceGrpc;
import io.streamplane.proto.identity.v1.Resolution;
import io.streamplane.proto.identity.v1.SaveViewingPositionRequest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** IdentityService over real gRPC as playback calls it, and the plan changes it reflects. */
class EntitlementGrpcTest extends IdentityServiceTestBase {
  @Autowired GrpcServer server;
  private ManagedChannel channel;
  private IdentityServiceGrpc.IdentityServiceBlockingStub identity;

  @BeforeEach
  void connect() {
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    identity = IdentityServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
  }

  private Entitlement entitlement(String account, String profile) {
    return identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(GetEntitlementRequest.newBuilder()
        .setAccountId(account).setProfileId(profile).build());
  }

  private static String code(StatusRuntimeException e) {
    return e.getTrailers() == null ? null : e.getTrailers().get(GrpcErrors.ERROR_CODE);
  }

  @Test
  void planLimitsMaturityAndCountry() {
    Member m = newMember("PREMIUM");
    Entitlement adult = entitlement(m.accountId(), m.adultProfile());
    assertEquals("PREMIUM", adult.getPlan());
    assertEquals(4, adult.getMaxConcurrentStreams());
    assertEquals(Resolution.RESOLUTION_UHD_2160P, adult.getMaxResolution());
    assertEquals(2160, adult.getMaxHeight());
    assertTrue(adult.getHdr());
    assertTrue(adult.getSubscriptionActive());
    assertEquals(18, adult.getMaturityLimit());
    assertEquals("GB", adult.getCountry());
    Entitlement kids = entitlement(m.accountId(), m.kidsProfile());
    assertTrue(kids.getKids());
    assertEquals(7, kids.getMaturityLimit());

    // A plan change is visible at once (LWT write, SERIAL read).
    JsonNode changed = data(graphql(m.accessToken(), "mutation { changePlan(plan: BASIC) { plan { code "
        + "maxConcurrentStreams maxResolution hdr } status } }", null)).path("changePlan");
    assertEquals("SD_480P", changed.path("plan").path("maxResolution").asText());
    Entitlement basic = entitlement(m.accountId(), m.adultProfile());
    assertEquals(1, basic.getMaxConcurrentStreams());
    assertEquals(Resolution.RESOLUTION_SD_480P, basic.getMaxResolution());
    assertFalse(basic.getHdr());
    Member standard = newMember("STANDARD");
    Entitlement std = entitlement(standard.accountId(), standard.adultProfile());
    assertEquals(2, std.getMaxConcurrentStreams());
    assertEquals(1080, std.getMaxHeight());
  }

  @Test
  void anotherAccountsProfileAndBadInputAreRefusedWithStableCodes() {
    Member m = newMember("BASIC");
    Member other = newMember("BASIC");
    StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class,
        () -> entitlement(m.accountId(), other.adultProfile()));
    assertEquals(Status.Code.PERMISSION_DENIED, foreign.getStatus().getCode());
    assertEquals("FORBIDDEN", code(foreign));
    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
        () -> entitlement(UUID.randomUUID().toString(), m.adultProfile()));
    assertEquals("NOT_FOUND", code(unknown));
    StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> entitlement("1", "2"));
    assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
    assertEquals("BAD_USER_INPUT", code(malformed));
    StatusRuntimeException badPosition = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).saveViewingPosition(SaveViewingPositionRequest
            .newBuilder().setAccountId(m.accountId()).setProfileId(m.adultProfile()).setTitleId("12")
            .setPositionMs(-1).build()));
    assertEquals("BAD_USER_INPUT", code(badPosition));
    StatusRuntimeException badTitle = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).saveViewingPosition(SaveViewingPositionRequest
            .newBuilder().setAccountId(m.accountId()).setProfileId(m.adultProfile()).setTitleId("abc").build()));
    assertEquals("BAD_USER_INPUT", code(badTitle));
    StatusRuntimeException foreignSave = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).saveViewingPosition(SaveViewingPositionRequest
            .newBuilder().setAccountId(m.accountId()).setProfileId(other.adultProfile()).setTitleId("12").build()));
    assertEquals("FORBIDDEN", code(foreignSave));
  }

  @Test
  void savedPositionsShowInHistoryAndOnTitles() {
    Member m = newMember("STANDARD");
    identity.withDeadlineAfter(5, TimeUnit.SECONDS).saveViewingPosition(SaveViewingPositionRequest.newBuilder()
        .setAccountId(m.accountId()).setProfileId(m.adultProfile()).setTitleId("101").setEpisodeId("1010102")
        .setPositionMs(61_500).setDurationMs(1_800_000).build());
    identity.withDeadlineAfter(5, TimeUnit.SECONDS).saveViewingPosition(SaveViewingPositionRequest.newBuilder()
        .setAccountId(m.accountId()).setProfileId(m.adultProfile()).setTitleId("202").setPositionMs(5_000).build());
    String[] adult = select(m.refreshToken(), m.adultProfile());
    String access = adult[0];
    JsonNode history = data(graphql(access, "{ viewingHistory { title { id } episode { id } positionSeconds "
        + "durationSeconds updatedAt } }", null)).path("viewingHistory");
    assertEquals(2, history.size());
    assertEquals("202", history.path(0).path("title").path("id").asText()); // most recent first
    assertEquals("1010102", history.path(1).path("episode").path("id").asText());
    assertEquals(61.5, history.path(1).path("positionSeconds").asDouble());

    // What the gateway asks for a row of catalog titles.
    JsonNode titles = data(graphql(access, """
        query($r: [_Any!]!) { _entities(representations: $r) { ... on Title { id inMyList
          resumePosition { positionSeconds episode { id } } } } }""",
        Map.of("r", java.util.List.of(Map.of("__typename", "Title", "id", "101"),
            Map.of("__typename", "Title", "id", "303"))))).path("_entities");
    assertEquals(61.5, titles.path(0).path("resumePosition").path("positionSeconds").asDouble());
    assertTrue(titles.path(1).path("resumePosition").isNull());
    // The kids profile of the same account has its own history.
    String kids = select(adult[1], m.kidsProfile())[0];
    assertEquals(0, data(graphql(kids, "{ viewingHistory { title { id } } }", null)).path("viewingHistory").size());
  }

  @Test
  void aRevokedSignInGetsNoEntitlementButAnInternalCallWithoutSessionDoes() {
    Member m = newMember("PREMIUM");
    String session = tokens.verifyAccess(m.accessToken()).session().toString();
    GetEntitlementRequest request = GetEntitlementRequest.newBuilder().setAccountId(m.accountId())
        .setProfileId(m.adultProfile()).setSessionId(session).build();
    assertEquals("PREMIUM", identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(request).getPlan());

    data(graphql(null, "mutation($t: String!) { signOut(refreshToken: $t) }", Map.of("t", m.refreshToken())));
    StatusRuntimeException revoked = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(request));
    assertEquals(Status.Code.UNAUTHENTICATED, revoked.getStatus().getCode());
    assertEquals("UNAUTHENTICATED", code(revoked));
    assertTrue(revoked.getStatus().getDescription().contains("sign in again"), revoked.getStatus().toString());
    // Without a session (an internal caller) the entitlement is still answered.
    assertEquals("PREMIUM", entitlement(m.accountId(), m.adultProfile()).getPlan());

    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(request.toBuilder()
            .setSessionId(UUID.randomUUID().toString()).build()));
    assertEquals("UNAUTHENTICATED", code(unknown));
    StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(request.toBuilder()
            .setSessionId("nope").build()));
    assertEquals("BAD_USER_INPUT", code(malformed));
    // Another account's live session does not stand for this account.
    Member other = newMember("BASIC");
    StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(5, TimeUnit.SECONDS).getEntitlement(request.toBuilder()
            .setSessionId(tokens.verifyAccess(other.accessToken()).session().toString()).build()));
    assertEquals("UNAUTHENTICATED", code(foreign));
  }

  @Test
  void deadlinesAreHonoured() {
    Member m = newMember("BASIC");
    StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
        () -> identity.withDeadlineAfter(1, TimeUnit.NANOSECONDS).getEntitlement(GetEntitlementRequest.newBuilder()
            .setAccountId(m.accountId()).setProfileId(m.adultProfile()).build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
  }
}
