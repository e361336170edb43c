package io.streamplane.identity;

import io.streamplane.identity.token.AccessClaims;
import io.streamplane.identity.token.Tokens;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running identity service (HTTP and gRPC on random ports) on the test stack's Cassandra and memcached, in a
 * keyspace of its own, with the demo account seeded; every subclass shares this Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
    "streamplane.memcached.nodes=${streamplane.memcached:127.0.0.1:21211}",
    "streamplane.grpc.port=0",
    "streamplane.identity.sign-in.max-failures-per-account=3",
    "streamplane.identity.sign-in.max-failures-per-address=1000",
    // Every newMember signs up from an address of its own; SignUpLimitTest uses up one address.
    "streamplane.identity.sign-up.max-per-address=3"})
public abstract class IdentityServiceTestBase {
  private static final String KEYSPACE = TestStores.keyspace("identity_service");
  protected static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void keyspace(DynamicPropertyRegistry registry) {
    registry.add("streamplane.identity.keyspace", () -> KEYSPACE);
  }

  @LocalServerPort protected int port;
  @Autowired protected Tokens tokens;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Posts a GraphQL request with the headers a gateway would add for {@code accessToken} (none when null). */
  protected JsonNode graphql(String accessToken, String query, Map<String, Object> variables) {
    return JSON.readTree(post(query, variables, callerHeaders(accessToken)).body());
  }

  /** A GraphQL request as the gateway forwards it for a client at {@code clientAddress}, without a token. */
  protected JsonNode graphqlFrom(String clientAddress, String query, Map<String, Object> variables) {
    return JSON.readTree(post(query, variables, Map.of("x-streamplane-client-ip", clientAddress)).body());
  }

  protected HttpResponse<String> post(String query, Map<String, Object> variables, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables == null ? Map.of() : variables);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the gateway forwards for a verified access token. */
  protected Map<String, String> callerHeaders(String accessToken) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (accessToken != null) {
      AccessClaims claims = tokens.verifyAccess(accessToken);
      headers.put(Caller.ACCOUNT_HEADER, claims.account().toString());
      headers.put(Caller.COUNTRY_HEADER, claims.country());
      headers.put(Caller.SESSION_HEADER, claims.session().toString());
      if (claims.profile() != null) {
        headers.put(Caller.PROFILE_HEADER, claims.profile().toString());
      }
    }
    return headers;
  }

  protected static String errorCode(JsonNode response) {
    return response.path("errors").path(0).path("extensions").path("code").asText(null);
  }

  protected static JsonNode data(JsonNode response) {
    if (response.has("errors")) {
      throw new AssertionError("unexpected errors: " + response);
    }
    return response.path("data");
  }

  /** A client address no other test uses (from 2001:db8::/32, the documentation prefix). */
  protected static String uniqueAddress() {
    return "2001:db8::" + UUID.randomUUID().toString().substring(0, 4) + ":" + UUID.randomUUID().toString()
        .substring(0, 4);
  }

  /** Signs up a fresh account (unique email) with two profiles, returning its tokens and profile ids. */
  protected Member newMember(String plan) {
    String email = "m" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    JsonNode signUp = data(graphqlFrom(uniqueAddress(), """
        mutation($i: SignUpInput!) { signUp(input: $i) { accessToken refreshToken account { id } } }""",
        Map.of("i", Map.of("email", email, "password", "correct horse", "country", "GB", "plan", plan))))
        .path("signUp");
    String access = signUp.path("accessToken").asText();
    String adult = data(graphql(access, "mutation { createProfile(input: {name: \"Adult\"}) { id } }", null))
        .path("createProfile").path("id").asText();
    String kids = data(graphql(access, "mutation { createProfile(input: {name: \"Kid\", kids: true}) { id } }", null))
        .path("createProfile").path("id").asText();
    return new Member(email, signUp.path("account").path("id").asText(), access,
        signUp.path("refreshToken").asText(), adult, kids);
  }

  /** Selects a profile and returns the new pair's access and refresh token. */
  protected String[] select(String refreshToken, String profileId) {
    JsonNode r = data(graphql(null, """
        mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) {
          accessToken refreshToken profile { id } } }""", Map.of("t", refreshToken, "p", profileId)));
    return new String[] {r.path("selectProfile").path("accessToken").asText(),
        r.path("selectProfile").path("refreshToken").asText()};
  }

  protected record Member(String email, String accountId, String accessToken, String refreshToken,
      String adultProfile, String kidsProfile) {}
}
