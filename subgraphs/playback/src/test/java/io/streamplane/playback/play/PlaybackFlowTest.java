package io.streamplane.playback.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.streamplane.playback.grpc.Peer;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.playback.PlaybackServiceTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** startPlayback, heartbeat and stopPlayback through GraphQL over HTTP, on real Cassandra and memcached. */
class PlaybackFlowTest extends PlaybackServiceTestBase {
  @Autowired Peer identityPeer;
  @Autowired ReadThroughCache playbackCache;

  @Test
  void startGivesRankedSourcesAndManifestsCutForTheDevice() throws Exception {
    String account = newAccount(2, 1080, 18);
    JsonNode session = startOk(account, TITLE, DEVICE_720);
    List<String> sourceUrls = new ArrayList<>();
    session.path("sources").forEach(s -> sourceUrls.add(s.path("url").asText()));
    assertEquals(3, sourceUrls.size());
    assertTrue(sourceUrls.get(0).contains(":8201/s/tok-" + session.path("sessionId").asText() + "/titles/" + TITLE));
    String mpd = session.path("dashManifest").asText();
    assertTrue(mpd.contains("v720_2/") && !mpd.contains("v1080_3/"), mpd);
    int first = mpd.indexOf("<BaseURL>" + sourceUrls.get(0));
    int second = mpd.indexOf("<BaseURL>" + sourceUrls.get(1));
    int third = mpd.indexOf("<BaseURL>" + sourceUrls.get(2));
    assertTrue(first > 0 && first < second && second < third, mpd);
    assertEquals(720, session.path("maxHeight").asInt());
    assertEquals("org.w3.clearkey", session.path("keySystem").asText());
    assertTrue(mpd.contains(session.path("licenseUrl").asText().replace("&", "&amp;")));
    assertEquals("198.51.100.7", PEERS.steered.get(PEERS.steered.size() - 1).getClientAddress());

    HttpResponse<String> dash = get(session.path("dashUrl").asText());
    assertEquals(200, dash.statusCode());
    assertTrue(dash.headers().firstValue("content-type").orElse("").startsWith("application/dash+xml"));
    assertEquals(mpd, dash.body());
    HttpResponse<String> hls = get(session.path("hlsUrl").asText());
    assertEquals(200, hls.statusCode());
    assertTrue(hls.body().contains(sourceUrls.get(0) + "v720_2/playlist.m3u8"), hls.body());
    assertFalse(hls.body().contains("v1080_3"), hls.body());
    HttpResponse<String> forged = get(session.path("dashUrl").asText().replaceAll("t=.*", "t=forged.token"));
    assertEquals(401, forged.statusCode());
    assertTrue(forged.body().contains("SESSION_TOKEN_INVALID"), forged.body());
  }

  @Test
  void theGatewayLearnsWhichTitlesArePlayableThroughEntities() throws Exception {
    JsonNode response = graphql(null, null, "US", "{ _entities(representations: [{__typename: \"Title\", id: \""
        + TITLE + "\"}, {__typename: \"Title\", id: \"" + UNENCODED + "\"}]) { ... on Title { id playbackAvailable } } }");
    JsonNode entities = response.path("data").path("_entities");
    assertEquals(TITLE, entities.path(0).path("id").asText(), response.toString());
    assertTrue(entities.path(0).path("playbackAvailable").asBoolean(), response.toString());
    assertEquals(UNENCODED, entities.path(1).path("id").asText(), response.toString());
    assertFalse(entities.path(1).path("playbackAvailable").asBoolean(), response.toString());
  }

  @Test
  void thePlanCapsTheResolution() throws Exception {
    String account = newAccount(1, 480, 18);
    JsonNode session = startOk(account, TITLE, DEVICE_1080);
    assertEquals(480, session.path("maxHeight").asInt());
    String mpd = session.path("dashManifest").asText();
    assertTrue(mpd.contains("v480_1/") && !mpd.contains("v720_2/"), mpd);
  }

  @Test
  void refusalsCarryStableCodesAndReasons() throws Exception {
    String adult = newAccount(1, 1080, 18);
    assertRefused(start(null, null, TITLE, DEVICE_720, "US"), "UNAUTHENTICATED", "SIGN_IN_REQUIRED");
    assertRefused(start(adult, null, TITLE, DEVICE_720, "US"), "FORBIDDEN", "PROFILE_REQUIRED");
    assertRefused(start(adult, PROFILE, TITLE, DEVICE_720, "GB"), "NOT_FOUND", "TITLE_NOT_AVAILABLE");
    assertRefused(start(adult, PROFILE, "99999999", DEVICE_720, "US"), "NOT_FOUND", "TITLE_NOT_AVAILABLE");
    assertRefused(start(adult, PROFILE, UNENCODED, DEVICE_720, "US"), "NOT_FOUND", "NOT_ENCODED");
    assertRefused(start(adult, PROFILE, TITLE,
        "{codecs:[\"avc1\",\"mp4a\"], maxHeight:720, keySystems:[\"com.widevine.alpha\"]}", "US"),
        "BAD_USER_INPUT", "UNSUPPORTED_KEY_SYSTEM");
    assertRefused(start(adult, PROFILE, TITLE, "{codecs:[\"hvc1\",\"mp4a\"], maxHeight:720, "
        + "keySystems:[\"org.w3.clearkey\"]}", "US"), "BAD_USER_INPUT", "NO_PLAYABLE_RENDITION");
    JsonNode bad = start(adult, PROFILE, TITLE, "{codecs:[], maxHeight:720}", "US");
    assertEquals("BAD_USER_INPUT", bad.path("errors").path(0).path("extensions").path("code").asText(), bad.toString());

    // The refusal above released its lease: the single-stream plan can still start.
    startOk(adult, TITLE, DEVICE_720);

    String kid = newAccount(1, 1080, 7);
    assertRefused(start(kid, PROFILE, TITLE, DEVICE_720, "US"), "FORBIDDEN", "MATURITY_RESTRICTED");
    String lapsed = newAccount(1, 1080, 18, false);
    assertRefused(start(lapsed, PROFILE, TITLE, DEVICE_720, "US"), "FORBIDDEN", "SUBSCRIPTION_INACTIVE");
  }

  @Test
  void simultaneousStartsHoldThePlanLimit() throws Exception {
    String account = newAccount(2, 1080, 18);
    int starts = 8;
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JsonNode>> results = new ArrayList<>();
    for (int i = 0; i < starts; i++) {
      results.add(pool.submit(() -> {
        go.await();
        return start(account, PROFILE, TITLE, DEVICE_720, "US");
      }));
    }
    go.countDown();
    List<String> sessions = new ArrayList<>();
    int refused = 0;
    for (Future<JsonNode> result : results) {
      JsonNode response = result.get();
      if (response.path("errors").isEmpty()) {
        sessions.add(response.path("data").path("startPlayback").path("sessionId").asText());
      } else {
        assertEquals("STREAM_LIMIT_REACHED", response.path("errors").path(0).path("extensions").path("reason")
            .asText(), response.toString());
        refused++;
      }
    }
    pool.shutdown();
    assertEquals(2, sessions.size());
    assertEquals(starts - 2, refused);

    JsonNode stopped = graphql(account, PROFILE, "US",
        "mutation { stopPlayback(sessionId: \"" + sessions.get(0) + "\", positionMs: 1000) }");
    assertTrue(stopped.path("data").path("stopPlayback").asBoolean(), stopped.toString());
    startOk(account, TITLE, DEVICE_720);
  }

  @Test
  void heartbeatsSavePositionsAndStoppedSessionsEnd() throws Exception {
    String account = newAccount(1, 1080, 18);
    String sessionId = startOk(account, TITLE, DEVICE_720).path("sessionId").asText();
    JsonNode beat = heartbeat(account, sessionId, 42_000);
    assertTrue(beat.path("data").path("heartbeat").path("positionSaved").asBoolean(), beat.toString());
    assertTrue(PEERS.positions.stream().anyMatch(p -> p.getAccountId().equals(account) && p.getPositionMs() == 42_000
        && p.getTitleId().equals(TITLE)));

    String stranger = newAccount(1, 1080, 18);
    assertRefused(heartbeat(stranger, sessionId, 1), "NOT_FOUND", "SESSION_NOT_FOUND");

    graphql(account, PROFILE, "US", "mutation { stopPlayback(sessionId: \"" + sessionId + "\") }");
    assertRefused(heartbeat(account, sessionId, 43_000), "CONFLICT", "SESSION_ENDED");
  }

  @Test
  void identityOutagesFallBackToTheLastEntitlementAndNeverFailHeartbeats() throws Exception {
    String account = newAccount(2, 1080, 18);
    String sessionId = startOk(account, TITLE, DEVICE_720).path("sessionId").asText();
    PEERS.identityDown = true;
    try {
      // Enough failures open identity's circuit breaker: later calls fail fast and go straight to the fallback.
      for (int i = 0; i < 25 && identityPeer.breaker().getState() != CircuitBreaker.State.OPEN; i++) {
        JsonNode refused = start(newAccount(1, 1080, 18), PROFILE, TITLE, DEVICE_720, "US");
        assertEquals("UNAVAILABLE", refused.path("errors").path(0).path("extensions").path("code").asText(),
            refused.toString());
      }
      assertEquals(CircuitBreaker.State.OPEN, identityPeer.breaker().getState());
      JsonNode beat = heartbeat(account, sessionId, 5_000);
      assertFalse(beat.path("data").path("heartbeat").path("positionSaved").asBoolean(true), beat.toString());
      // The remembered entitlement reaches memcached asynchronously: poll.
      JsonNode second = null;
      for (int i = 0; i < 50; i++) {
        second = start(account, PROFILE, TITLE, DEVICE_720, "US");
        if (second.path("errors").isEmpty()) {
          break;
        }
        Thread.sleep(100);
      }
      assertNotNull(second);
      assertTrue(second.path("errors").isEmpty(), second.toString());
    } finally {
      PEERS.identityDown = false;
      identityPeer.breaker().transitionToClosedState();
    }
  }

  @Test
  void aRevokedSignInCannotStartPlaybackNotEvenFromTheRememberedEntitlement() throws Exception {
    String account = newAccount(2, 1080, 18);
    String session = UUID.randomUUID().toString();
    String start = "mutation { startPlayback(input: {titleId: \"" + TITLE + "\", device: " + DEVICE_720
        + "}) { sessionId } }";
    JsonNode first = graphql(account, PROFILE, session, "US", start);
    assertTrue(first.path("errors").isEmpty(), first.toString());
    assertEquals(session, PEERS.entitlementRequests.get(PEERS.entitlementRequests.size() - 1).getSessionId());
    // The entitlement is now remembered as the fallback for an identity outage (written asynchronously: poll).
    String remembered = "entitlement:" + account + ":" + PROFILE;
    for (int i = 0; i < 50 && playbackCache.getAll(List.of(remembered)).isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertFalse(playbackCache.getAll(List.of(remembered)).isEmpty());

    PEERS.revokedSessions.add(session);
    JsonNode refused = graphql(account, PROFILE, session, "US", start);
    JsonNode error = refused.path("errors").path(0);
    assertEquals("UNAUTHENTICATED", error.path("extensions").path("code").asText(), refused.toString());
    assertTrue(error.path("message").asText().contains("sign in again"), refused.toString());
    assertTrue(refused.path("data").isNull() || refused.path("data").path("startPlayback").isNull(),
        refused.toString());
    // A refusal is an answer, not an outage: identity's circuit stays closed.
    assertEquals(CircuitBreaker.State.CLOSED, identityPeer.breaker().getState());
    // The account's other sign-ins still play (the first playback holds one of the two streams).
    assertTrue(graphql(account, PROFILE, UUID.randomUUID().toString(), "US", start).path("errors").isEmpty());
  }

  @Test
  void aSignOutEndsARunningPlaybackAtItsNextHeartbeat() throws Exception {
    String account = newAccount(1, 1080, 18);
    String signIn = UUID.randomUUID().toString();
    JsonNode started = graphql(account, PROFILE, signIn, "US", "mutation { startPlayback(input: {titleId: \""
        + TITLE + "\", device: " + DEVICE_720 + "}) { sessionId } }");
    assertTrue(started.path("errors").isEmpty(), started.toString());
    String playback = started.path("data").path("startPlayback").path("sessionId").asText();
    String beat = "mutation { heartbeat(input: {sessionId: \"" + playback + "\", positionMs: 1000}) "
        + "{ leaseExpiresAt } }";
    JsonNode beating = graphql(account, PROFILE, signIn, "US", beat);
    assertTrue(beating.path("errors").isEmpty(), beating.toString());

    PEERS.revokedSessions.add(signIn);
    JsonNode refused = graphql(account, PROFILE, signIn, "US", beat);
    JsonNode error = refused.path("errors").path(0);
    assertEquals("UNAUTHENTICATED", error.path("extensions").path("code").asText(), refused.toString());
    assertEquals("SIGN_IN_ENDED", error.path("extensions").path("reason").asText(), refused.toString());
    // The one-stream plan's slot is free again: another sign-in of the account can play at once.
    JsonNode again = graphql(account, PROFILE, UUID.randomUUID().toString(), "US", "mutation { startPlayback(input: "
        + "{titleId: \"" + TITLE + "\", device: " + DEVICE_720 + "}) { sessionId } }");
    assertTrue(again.path("errors").isEmpty(), again.toString());
  }

  private JsonNode startOk(String account, String title, String device) throws Exception {
    JsonNode response = start(account, PROFILE, title, device, "US");
    assertTrue(response.path("errors").isEmpty(), response.toString());
    return response.path("data").path("startPlayback");
  }

  private JsonNode heartbeat(String account, String sessionId, long position) throws Exception {
    return graphql(account, PROFILE, "US", "mutation { heartbeat(input: {sessionId: \"" + sessionId
        + "\", positionMs: " + position + ", bitrateBps: 2500000, height: 720, rebufferMs: 0}) "
        + "{ sessionId leaseExpiresAt positionSaved } }");
  }

  private static void assertRefused(JsonNode response, String code, String reason) {
    JsonNode extensions = response.path("errors").path(0).path("extensions");
    assertEquals(code, extensions.path("code").asText(), response.toString());
    assertEquals(reason, extensions.path("reason").asText(), response.toString());
    assertTrue(response.path("data").path("startPlayback").isMissingNode()
        || response.path("data").path("startPlayback").isNull() || response.path("data").isNull());
  }
}
