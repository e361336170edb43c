package io.streamplane.identity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.identity.IdentityServiceTestBase;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** A signed-out or revoked sign-in ends its access tokens too, not only its refresh tokens. */
class RevocationTest extends IdentityServiceTestBase {
  private static final String SIGN_OUT = "mutation($t: String!) { signOut(refreshToken: $t) }";
  private static final String SIGN_IN = """
      mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken refreshToken } }""";

  @Autowired Cql cql;
  @Value("${streamplane.identity.keyspace}") String keyspace;
  @Value("${streamplane.memcached.nodes}") String memcached;
  // The running service's settings: other values for the same EVCache app would make it rebuild its connections.
  @Value("${streamplane.identity.cache.read-timeout}") Duration readTimeout;

  @Test
  void aSignedOutAccessTokenIsRefusedEverywhereWhileAnotherSignInKeepsWorking() {
    Member m = newMember("STANDARD");
    String[] adult = select(m.refreshToken(), m.adultProfile());
    JsonNode other = data(graphql(null, SIGN_IN, Map.of("e", m.email(), "p", "correct horse"))).path("signIn");
    String otherAccess = other.path("accessToken").asText();
    assertEquals(m.accountId(), data(graphql(adult[0], "{ me { id } }", null)).path("me").path("id").asText());
    data(graphql(adult[0], "mutation { addToMyList(titleId: \"12\") { id } }", null));

    assertTrue(data(graphql(null, SIGN_OUT, Map.of("t", adult[1]))).path("signOut").asBoolean());

    // No waiting: the revocation reached the cache every replica reads before signOut returned.
    for (String operation : List.of("{ me { id } }", "{ profiles { id } }", "{ myList { id } }",
        "{ viewingHistory { title { id } } }", "mutation { addToMyList(titleId: \"13\") { id } }",
        "mutation { removeFromMyList(titleId: \"12\") { id } }", "mutation { changePlan(plan: PREMIUM) { status } }",
        "mutation { createProfile(input: {name: \"Late\"}) { id } }")) {
      JsonNode refused = graphql(adult[0], operation, null);
      assertEquals("UNAUTHENTICATED", errorCode(refused), operation + " -> " + refused);
      assertTrue(refused.path("errors").path(0).path("message").asText().contains("sign in again"), refused.toString());
      assertFalse(refused.toString().contains("Exception"), refused.toString());
    }
    // Titles in a browse row (the gateway's _entities call) are not personalised for an ended sign-in either.
    JsonNode titles = graphql(adult[0], """
        query($r: [_Any!]!) { _entities(representations: $r) { ... on Title { id inMyList } } }""",
        Map.of("r", List.of(Map.of("__typename", "Title", "id", "12"))));
    assertEquals("UNAUTHENTICATED", errorCode(titles), titles.toString());
    // selectProfile with the ended access token is refused even with a refresh token of the live sign-in.
    JsonNode select = JSON.readTree(post("""
        mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken } }""",
        Map.of("t", other.path("refreshToken").asText(), "p", m.kidsProfile()), callerHeaders(adult[0])).body());
    assertEquals("UNAUTHENTICATED", errorCode(select), select.toString());

    // The account's other sign-in is untouched, and My List kept what the ended one added.
    assertEquals(m.accountId(), data(graphql(otherAccess, "{ me { id } }", null)).path("me").path("id").asText());
    String otherAdult = select(other.path("refreshToken").asText(), m.adultProfile())[0];
    JsonNode list = data(graphql(otherAdult, "{ myList { id } }", null)).path("myList");
    assertEquals(1, list.size(), list.toString()); // the refused removal changed nothing
    assertEquals("12", list.path(0).path("id").asText());
  }

  @Test
  void aReusedRefreshTokenEndsTheAccessTokensOfItsSessionAndForgedSessionsAreRefused() {
    Member m = newMember("BASIC");
    data(graphql(null, "mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }",
        Map.of("t", m.refreshToken())));
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null,
        "mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }", Map.of("t", m.refreshToken()))));
    assertEquals("UNAUTHENTICATED", errorCode(graphql(m.accessToken(), "{ me { id } }", null)));

    // Caller headers naming a session that does not exist, none, or a malformed one (a request not from the gateway).
    Member live = newMember("BASIC");
    for (String session : new String[] {UUID.randomUUID().toString(), null, "not-a-uuid"}) {
      Map<String, String> headers = callerHeaders(live.accessToken());
      if (session == null) {
        headers.remove("x-streamplane-session");
      } else {
        headers.put("x-streamplane-session", session);
      }
      JsonNode r = JSON.readTree(post("{ me { id } }", null, headers).body());
      assertEquals("UNAUTHENTICATED", errorCode(r), session + " -> " + r);
    }
    assertEquals(live.accountId(), data(graphql(live.accessToken(), "{ me { id } }", null)).path("me").path("id")
        .asText());
  }

  /**
   * Two replicas' stores on the same memcached: the standing is served from the cache (a change made behind the
   * store's back stays unseen), and a revocation through the store is seen by the other replica as soon as it
   * returns.
   */
  @Test
  void theStandingIsCachedAndARevocationIsWrittenThroughForEveryReplica() throws Exception {
    Member m = newMember("BASIC");
    UUID session = tokens.verifyAccess(m.accessToken()).session();
    CacheConfig config = new CacheConfig("EVCACHE_IDENTITY", memcached, keyspace + ".sessions",
        Duration.ofMinutes(1), readTimeout);
    SessionStore revoking = new SessionStore(cql, Duration.ofDays(1), new ReadThroughCache(config));
    ReadThroughCache readerCache = new ReadThroughCache(config);
    SessionStore reading = new SessionStore(cql, Duration.ofDays(1), readerCache);

    assertFalse(reading.standing(session, null).orElseThrow().revoked());
    for (int i = 0; i < 50 && readerCache.getAll(List.of(session.toString())).isEmpty(); i++) {
      Thread.sleep(100); // the fill is asynchronous
    }
    assertEquals("live:" + m.accountId(), readerCache.getAll(List.of(session.toString())).get(session.toString()));
    cql.session().execute("UPDATE sessions SET revoked = true WHERE id = " + session);
    assertFalse(reading.standing(session, null).orElseThrow().revoked(), "served from the cache");

    revoking.revoke(session);
    assertTrue(reading.standing(session, null).orElseThrow().revoked(), "seen at once by the other replica");
    assertTrue(reading.standing(UUID.randomUUID(), null).isEmpty());

    // A replica that read "live" from Cassandra just before the revocation fills the cache just after it: the
    // revocation is written again and wins within REASSERT_AFTER.
    readerCache.putAll(Map.of(session.toString(), "live:" + m.accountId()));
    long deadline = System.nanoTime() + SessionStore.REASSERT_AFTER.plusSeconds(3).toNanos();
    boolean revokedAgain = false;
    while (!revokedAgain && System.nanoTime() < deadline) {
      Thread.sleep(100);
      revokedAgain = reading.standing(session, null).orElseThrow().revoked();
    }
    assertTrue(revokedAgain, "a stale fill after the revocation is overwritten");
  }
}
