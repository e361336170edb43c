package io.streamplane.identity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.streamplane.identity.IdentityServiceTestBase;
import io.streamplane.identity.seed.DemoAccount;
import io.streamplane.identity.token.KeyRing;
import io.streamplane.identity.token.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Sign-in, tokens, refresh, sign-out and profile selection over the subgraph's real HTTP endpoint. */
class AuthenticationTest extends IdentityServiceTestBase {
  private static final String SIGN_IN = """
      mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) {
        accessToken refreshToken expiresIn tokenType account { id email country membership { plan { code } } }
        profile { id } } }""";
  private static final String REFRESH = "mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }";

  @Autowired KeyRing ring;

  private JsonNode signIn(String email, String password) {
    return graphql(null, SIGN_IN, Map.of("e", email, "p", password));
  }

  @Test
  void demoMemberSignsInAndSeesItsAccount() throws Exception {
    JsonNode payload = data(signIn(DemoAccount.EMAIL, DemoAccount.PASSWORD)).path("signIn");
    assertEquals("Bearer", payload.path("tokenType").asText());
    assertEquals(600, payload.path("expiresIn").asInt());
    assertEquals("PREMIUM", payload.path("account").path("membership").path("plan").path("code").asText());
    assertTrue(payload.path("profile").isNull());

    SignedJWT access = SignedJWT.parse(payload.path("accessToken").asText());
    assertEquals("ES256", access.getHeader().getAlgorithm().getName());
    assertEquals("at+jwt", access.getHeader().getType().getType());
    assertEquals(payload.path("account").path("id").asText(), access.getJWTClaimsSet().getSubject());
    assertEquals("US", access.getJWTClaimsSet().getStringClaim("country"));

    JsonNode me = data(graphql(payload.path("accessToken").asText(),
        "{ me { email profiles { name kids maturityLimit language } } }", null)).path("me");
    assertEquals(DemoAccount.EMAIL, me.path("email").asText());
    assertEquals("Demo", me.path("profiles").path(0).path("name").asText());
    assertEquals(18, me.path("profiles").path(0).path("maturityLimit").asInt());
    assertTrue(me.path("profiles").path(1).path("kids").asBoolean());
    assertEquals(7, me.path("profiles").path(1).path("maturityLimit").asInt());
  }

  @Test
  void emailIsCaseInsensitiveButPasswordIsNot() {
    assertFalse(signIn("  Demo@StreamPlane.LOCAL ", DemoAccount.PASSWORD).has("errors"));
    assertEquals("UNAUTHENTICATED", errorCode(signIn(DemoAccount.EMAIL, DemoAccount.PASSWORD.toUpperCase())));
  }

  @Test
  void wrongPasswordAndUnknownEmailLookTheSameThenTheAccountIsRateLimited() {
    Member m = newMember("BASIC");
    JsonNode wrong = signIn(m.email(), "wrong password");
    JsonNode unknown = signIn("nobody-" + UUID.randomUUID() + "@example.com", "wrong password");
    assertEquals("UNAUTHENTICATED", errorCode(wrong));
    assertEquals(wrong.path("errors").path(0).path("message"), unknown.path("errors").path(0).path("message"));
    assertFalse(wrong.toString().contains("Exception"), wrong.toString());
    signIn(m.email(), "wrong again");
    signIn(m.email(), "and again");
    // The limit (3 failures per account here) holds even for the right password, so guessing cannot continue.
    JsonNode limited = signIn(m.email(), "correct horse");
    assertEquals("RATE_LIMITED", errorCode(limited), limited.toString());
    // Another account from the same address is not affected (the address limit is higher).
    Member other = newMember("BASIC");
    assertFalse(signIn(other.email(), "correct horse").has("errors"));
  }

  @Test
  void malformedInputIsABadRequestNotAServerError() {
    assertEquals("BAD_USER_INPUT", errorCode(signIn("not-an-email", "whatever")));
    assertEquals("BAD_USER_INPUT", errorCode(signIn(DemoAccount.EMAIL, "")));
    var response = post("{ me { id", null, Map.of());
    assertTrue(response.statusCode() < 500, response.body());
    assertFalse(response.body().contains("Exception"), response.body());
  }

  @Test
  void refreshTokensWorkOnceAndReuseRevokesTheSession() {
    Member m = newMember("STANDARD");
    JsonNode first = data(graphql(null, REFRESH, Map.of("t", m.refreshToken()))).path("refresh");
    assertNotEquals(m.refreshToken(), first.path("refreshToken").asText());
    // The old token again: a copy is in use somewhere, so the whole session ends.
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, REFRESH, Map.of("t", m.refreshToken()))));
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, REFRESH, Map.of("t", first.path("refreshToken").asText()))));
  }

  @Test
  void signOutRevokesTheRefreshToken() {
    Member m = newMember("BASIC");
    assertTrue(data(graphql(null, "mutation($t: String!) { signOut(refreshToken: $t) }", Map.of("t", m.refreshToken())))
        .path("signOut").asBoolean());
    JsonNode after = graphql(null, REFRESH, Map.of("t", m.refreshToken()));
    assertEquals("UNAUTHENTICATED", errorCode(after));
    assertTrue(after.path("errors").path(0).path("message").asText().contains("revoked"), after.toString());
  }

  @Test
  void tamperedWrongTypeAndExpiredTokensAreRefused() {
    Member m = newMember("BASIC");
    String token = m.refreshToken();
    String[] parts = token.split("\\.");
    String tamperedPayload = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2)
        + (parts[1].endsWith("A") ? "BB" : "AA") + "." + parts[2];
    String tamperedSignature = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A")
        + parts[2].substring(1);
    for (String bad : List.of(tamperedPayload, tamperedSignature, "not.a.jwt", "x", m.accessToken())) {
      JsonNode r = graphql(null, REFRESH, Map.of("t", bad));
      assertEquals("UNAUTHENTICATED", errorCode(r), bad + " -> " + r);
    }
    // Signed by the real key, but expired an hour ago.
    Tokens past = new Tokens(ring, "streamplane-identity", Duration.ofMinutes(10), Duration.ofMinutes(10),
        Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
    String expired = past.issueRefresh(UUID.randomUUID(), UUID.fromString(m.accountId()), 1);
    JsonNode r = graphql(null, REFRESH, Map.of("t", expired));
    assertEquals("UNAUTHENTICATED", errorCode(r));
    assertTrue(r.path("errors").path(0).path("message").asText().contains("expired"), r.toString());
    // Right key, wrong issuer.
    Tokens foreign = new Tokens(ring, "someone-else", Duration.ofMinutes(10), Duration.ofMinutes(10), Clock.systemUTC());
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, REFRESH,
        Map.of("t", foreign.issueRefresh(UUID.randomUUID(), UUID.fromString(m.accountId()), 1)))));
  }

  @Test
  void selectProfileScopesTheAccessTokenToOwnProfilesOnly() throws Exception {
    Member m = newMember("PREMIUM");
    Member other = newMember("PREMIUM");
    String[] pair = select(m.refreshToken(), m.kidsProfile());
    assertEquals(m.kidsProfile(), SignedJWT.parse(pair[0]).getJWTClaimsSet().getStringClaim("profile"));
    // Refreshing keeps the profile.
    String refreshed = data(graphql(null, REFRESH, Map.of("t", pair[1]))).path("refresh").path("accessToken").asText();
    assertEquals(m.kidsProfile(), SignedJWT.parse(refreshed).getJWTClaimsSet().getStringClaim("profile"));

    JsonNode foreign = graphql(null, """
        mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken } }""",
        Map.of("t", other.refreshToken(), "p", m.adultProfile()));
    assertEquals("FORBIDDEN", errorCode(foreign), foreign.toString());
    assertEquals("BAD_USER_INPUT", errorCode(graphql(null, """
        mutation($t: String!) { selectProfile(refreshToken: $t, profileId: "nope") { accessToken } }""",
        Map.of("t", other.refreshToken()))));
  }

  @Test
  void accountDataNeedsASignedInCaller() {
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, "{ me { id } }", null)));
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, "{ profiles { id } }", null)));
    // A (forged) profile header of another account is refused even with a valid account header.
    Member m = newMember("BASIC");
    Member other = newMember("BASIC");
    Map<String, String> headers = callerHeaders(m.accessToken());
    headers.put("x-streamplane-profile", other.adultProfile());
    JsonNode r = JSON.readTree(post("{ myList { id } }", null, headers).body());
    assertEquals("FORBIDDEN", errorCode(r), r.toString());
  }

  @Test
  void atMostFiveProfilesEvenUnderConcurrentCreates() throws Exception {
    Member m = newMember("PREMIUM"); // has two already
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<JsonNode>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        results.add(pool.submit(() -> graphql(m.accessToken(),
            "mutation { createProfile(input: {name: \"P" + n + "\"}) { id } }", null)));
      }
      int created = 0;
      for (var result : results) {
        JsonNode r = result.get();
        if (r.has("errors")) {
          assertEquals("CONFLICT", errorCode(r), r.toString());
        } else {
          created++;
        }
      }
      assertEquals(3, created);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(5, data(graphql(m.accessToken(), "{ profiles { id } }", null)).path("profiles").size());
  }
}
