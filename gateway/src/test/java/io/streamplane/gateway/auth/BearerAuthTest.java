package io.streamplane.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.server.GatewayServer;
import io.streamplane.gateway.server.HttpPolicy;
import io.streamplane.gateway.supergraph.LoadedSupergraph;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real gateway (Undertow) in front of a real HTTP subgraph, verifying bearer tokens against a real JWKS endpoint
 * (the identity service's role, played by a JDK HTTP server serving keys this test signs with).
 */
class BearerAuthTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String ISSUER = "streamplane-identity";
  private static final String ME = "{\"query\":\"{ me { id name } }\"}";

  private static HttpServer backends;
  private static final AtomicReference<JWKSet> published = new AtomicReference<>();
  private static final AtomicInteger jwksFetches = new AtomicInteger();
  private static final List<Headers> subgraphCalls = new CopyOnWriteArrayList<>();
  private static GatewayServer gateway;
  private static HttpSubgraphCaller caller;
  private static ECKey key;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    key = newKey();
    published.set(new JWKSet(key.toPublicJWK()));
    backends = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backends.createContext("/.well-known/jwks.json", exchange -> {
      jwksFetches.incrementAndGet();
      byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    backends.createContext("/accounts", exchange -> {
      exchange.getRequestBody().readAllBytes();
      subgraphCalls.add(exchange.getRequestHeaders());
      String account = exchange.getRequestHeaders().getFirst("x-streamplane-account");
      byte[] body = ("{\"data\":{\"me\":{\"id\":\"" + (account == null ? "anonymous" : account)
          + "\",\"name\":\"n\"}}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    backends.start();
    String backend = "http://127.0.0.1:" + backends.getAddress().getPort();

    LoadedSupergraph supergraph = new LoadedSupergraph(Files.readString(
        Path.of(BearerAuthTest.class.getResource("/conformance/entities-basic/supergraph.graphql").toURI())));
    caller = new HttpSubgraphCaller(MAPPER, name -> backend + "/" + name, Map.of(), Duration.ofSeconds(5));
    GatewayMetrics metrics = new GatewayMetrics();
    RequestPipeline pipeline = new RequestPipeline(() -> supergraph, new PlanExecutor(caller),
        new RequestLimits(2_000, 500, 6, 3, 200), metrics, true, MAPPER);
    JwksKeys keys = new JwksKeys(URI.create(backend + "/.well-known/jwks.json"), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofMillis(300), Clock.systemUTC(), msg -> { });
    // The client may not set caller headers itself, even where they are configured to propagate.
    HttpPolicy policy = new HttpPolicy(Set.of(),
        List.of("x-streamplane-account", "x-streamplane-country", "x-streamplane-session", "x-trace"),
        new CallerAuthenticator(new AccessTokenVerifier(keys, ISSUER, Clock.systemUTC())));
    gateway = new GatewayServer("127.0.0.1", 0, pipeline, MAPPER, () -> true, metrics, policy).start();
    base = "http://127.0.0.1:" + gateway.port();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    caller.close();
    backends.stop(0);
  }

  @BeforeEach
  void clear() {
    subgraphCalls.clear();
  }

  private static ECKey newKey() throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(java.util.UUID.randomUUID().toString()).generate();
  }

  private static JWTClaimsSet.Builder claims(Instant expires) {
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience("streamplane").subject("acc-1")
        .expirationTime(Date.from(expires)).issueTime(new Date())
        .claim("profile", "prof-1").claim("country", "FR").claim("roles", List.of("member"))
        .claim("sid", "5e551011-0000-4000-8000-000000000001");
  }

  private static String sign(ECKey with, String type, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
        .keyID(with.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(with));
    return jwt.serialize();
  }

  private static String valid() throws Exception {
    return sign(key, "at+jwt", claims(Instant.now().plusSeconds(300)).build());
  }

  private static HttpResponse<String> post(Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/graphql"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ME));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnauthenticated(HttpResponse<String> response) throws Exception {
    assertEquals(401, response.statusCode(), response.body());
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals("UNAUTHENTICATED", body.path("errors").path(0).path("extensions").path("code").asText());
    assertFalse(response.body().contains("Exception"), response.body());
    assertTrue(response.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
  }

  @Test
  void aValidTokenBecomesTheCallerHeadersAndClientCopiesAreDropped() throws Exception {
    HttpResponse<String> r = post(Map.of("authorization", "Bearer " + valid(), "x-streamplane-account", "someone-else",
        "x-streamplane-roles", "catalog-operator", "x-streamplane-session", "forged-session", "x-trace", "t-1"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("acc-1", MAPPER.readTree(r.body()).path("data").path("me").path("id").asText());
    Headers sent = subgraphCalls.get(0);
    assertEquals(List.of("acc-1"), sent.get("x-streamplane-account"));
    assertEquals("prof-1", sent.getFirst("x-streamplane-profile"));
    assertEquals("FR", sent.getFirst("x-streamplane-country"));
    assertEquals("member", sent.getFirst("x-streamplane-roles"));
    // The token's sign-in, which subgraphs check for revocation; the client's own copy is dropped.
    assertEquals(List.of("5e551011-0000-4000-8000-000000000001"), sent.get("x-streamplane-session"));
    assertEquals("127.0.0.1", sent.getFirst("x-streamplane-client-ip"));
    assertEquals("t-1", sent.getFirst("x-trace"));
  }

  @Test
  void anonymousRequestsPassWithoutCallerAndCannotForgeOne() throws Exception {
    HttpResponse<String> r = post(Map.of("x-streamplane-account", "acc-1", "x-streamplane-country", "FR",
        "x-streamplane-session", "5e551011-0000-4000-8000-000000000001"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("anonymous", MAPPER.readTree(r.body()).path("data").path("me").path("id").asText());
    assertNull(subgraphCalls.get(0).getFirst("x-streamplane-account"));
    assertNull(subgraphCalls.get(0).getFirst("x-streamplane-country"));
    assertNull(subgraphCalls.get(0).getFirst("x-streamplane-session"));
  }

  @Test
  void expiredTamperedAndForeignTokensAreRefusedBeforeAnySubgraph() throws Exception {
    String good = valid();
    String[] parts = good.split("\\.");
    String otherPayload = sign(newKey(), "at+jwt", claims(Instant.now().plusSeconds(300)).subject("admin").build())
        .split("\\.")[1];
    ECKey stranger = newKey();
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
        .keyID(key.getKeyID()).build(), claims(Instant.now().plusSeconds(300)).build());
    hmac.sign(new MACSigner(new byte[32]));
    for (String token : List.of(
        sign(key, "at+jwt", claims(Instant.now().minusSeconds(1)).build()),             // expired
        parts[0] + "." + otherPayload + "." + parts[2],                                 // payload swapped
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "x" + parts[2].substring(11), // signature
        sign(stranger, "at+jwt", claims(Instant.now().plusSeconds(300)).build()),       // key not in the JWKS
        sign(key, "refresh+jwt", claims(Instant.now().plusSeconds(300)).build()),       // a refresh token
        sign(key, "at+jwt", claims(Instant.now().plusSeconds(300)).issuer("evil").build()),
        hmac.serialize(),                                                                // algorithm confusion
        "not-a-jwt")) {
      assertUnauthenticated(post(Map.of("authorization", "Bearer " + token)));
    }
    assertUnauthenticated(post(Map.of("authorization", "Basic dXNlcjpwYXNz")));
    HttpResponse<String> expired = post(Map.of("authorization", "Bearer "
        + sign(key, "at+jwt", claims(Instant.now().minusSeconds(1)).build())));
    assertTrue(expired.body().contains("expired"), expired.body());
    assertTrue(subgraphCalls.isEmpty(), "no subgraph sees a refused request");
  }

  @Test
  void aRotatedKeyIsFetchedOnceAndUnknownKeyIdsCannotFloodTheJwks() throws Exception {
    ECKey next = newKey();
    published.set(new JWKSet(List.of(next.toPublicJWK(), key.toPublicJWK())));
    Thread.sleep(350); // past the minimum refresh interval left by earlier tests
    int before = jwksFetches.get();
    String rotated = sign(next, "at+jwt", claims(Instant.now().plusSeconds(300)).build());
    assertEquals(200, post(Map.of("authorization", "Bearer " + rotated)).statusCode());
    assertEquals(200, post(Map.of("authorization", "Bearer " + rotated)).statusCode());
    assertEquals(200, post(Map.of("authorization", "Bearer " + valid())).statusCode()); // previous key still listed
    assertEquals(before + 1, jwksFetches.get());
    for (int i = 0; i < 20; i++) {
      assertUnauthenticated(post(Map.of("authorization", "Bearer "
          + sign(newKey(), "at+jwt", claims(Instant.now().plusSeconds(300)).build()))));
    }
    assertTrue(jwksFetches.get() - before <= 3, "JWKS fetched " + (jwksFetches.get() - before) + " times");
  }
}
