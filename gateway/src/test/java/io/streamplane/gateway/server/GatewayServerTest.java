package io.streamplane.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.supergraph.LoadedSupergraph;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP surface of the gateway; none of these requests reaches a subgraph. */
class GatewayServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static GatewayServer server;
  private static HttpSubgraphCaller caller;
  private static final GatewayMetrics metrics = new GatewayMetrics();
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    LoadedSupergraph supergraph = new LoadedSupergraph(Files.readString(
        Path.of(GatewayServerTest.class.getResource("/conformance/entities-basic/supergraph.graphql").toURI())));
    caller = new HttpSubgraphCaller(MAPPER, name -> "http://127.0.0.1:1/unreachable", Map.of(), Duration.ofSeconds(1));
    RequestPipeline pipeline = new RequestPipeline(() -> supergraph, new PlanExecutor(caller),
        new RequestLimits(2_000, 500, 6, 3, 200), metrics, true, MAPPER);
    server = new GatewayServer("127.0.0.1", 0, pipeline, MAPPER, () -> true, metrics,
        new HttpPolicy(Set.of("https://app.example"), List.of())).start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
    caller.close();
  }

  @Test
  void healthAndQueryPage() throws Exception {
    HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertEquals("UP", MAPPER.readTree(health.body()).get("status").asText());
    HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphiql")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("fetch('graphql'"), "the page posts to the gateway endpoint");
    assertTrue(page.body().contains("x-streamplane-plan"), "the page asks for the query plan");
    assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no asset from another site");
    java.util.regex.Matcher assets = java.util.regex.Pattern.compile("(?:src|href)=\"(graphiql/assets/[^\"]+)\"").matcher(page.body());
    int served = 0;
    while (assets.find()) {
      HttpResponse<byte[]> asset = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/" + assets.group(1))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, asset.statusCode(), assets.group(1));
      assertTrue(asset.body().length > 10_000, assets.group(1) + " is a real bundle");
      assertTrue(asset.headers().firstValue("cache-control").orElse("").contains("immutable"), assets.group(1));
      served++;
    }
    assertEquals(4, served, "GraphiQL's script and style sheet and React's two scripts");
    HttpResponse<String> missing = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }

  @Test
  void typenameAtTheRootIsAnsweredWithoutSubgraphs() throws Exception {
    HttpResponse<String> r = post("{\"query\":\"{ __typename t: __typename }\"}", "application/json");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertEquals("{\"data\":{\"__typename\":\"Query\",\"t\":\"Query\"}}", r.body());
  }

  @Test
  void introspectionIsAnsweredFromTheApiSchema() throws Exception {
    JsonNode body = MAPPER.readTree(post("{\"query\":\"{ __schema { queryType { name } } }\"}", "application/json").body());
    assertEquals("Query", body.at("/data/__schema/queryType/name").asText());
  }

  @Test
  void validationErrorsHaveNoDataAndTheirStatusFollowsTheAcceptedMediaType() throws Exception {
    String request = "{\"query\":\"{ nope }\"}";
    HttpResponse<String> modern = post(request, "application/graphql-response+json");
    assertEquals(400, modern.statusCode());
    assertTrue(modern.headers().firstValue("content-type").orElse("").startsWith("application/graphql-response+json"));
    JsonNode body = MAPPER.readTree(modern.body());
    assertFalse(body.has("data"));
    assertEquals("GRAPHQL_VALIDATION_FAILED", body.at("/errors/0/extensions/code").asText());

    HttpResponse<String> legacy = post(request, "application/json");
    assertEquals(200, legacy.statusCode());
    assertFalse(MAPPER.readTree(legacy.body()).has("data"));
  }

  @Test
  void limitsAreCheckedBeforePlanning() throws Exception {
    assertEquals("MAX_ALIASES_EXCEEDED", code(post("{\"query\":\"{ a: __typename b: __typename c: __typename d: __typename }\"}",
        "application/graphql-response+json")));
    StringBuilder bomb = new StringBuilder("{ ...F0 } fragment F0 on Query { ...F1 ...F1 }");
    for (int i = 1; i < 12; i++) {
      bomb.append(" fragment F").append(i).append(" on Query { ...F").append(i + 1).append(" ...F").append(i + 1).append(" }");
    }
    bomb.append(" fragment F12 on Query { __typename }");
    HttpResponse<String> exploded = post("{\"query\":\"" + bomb + "\"}", "application/graphql-response+json");
    assertEquals("MAX_FIELDS_EXCEEDED", code(exploded));
    assertTrue(exploded.body().contains("4096 fields"), exploded.body());
    assertEquals("DOCUMENT_TOO_LARGE", code(post("{\"query\":\"{ __typename " + " ".repeat(2_000) + "}\"}",
        "application/graphql-response+json")));
  }

  @Test
  void malformedRequestsGetAClearErrorNotAStackTrace() throws Exception {
    HttpResponse<String> notJson = post("{\"query\":", "application/graphql-response+json");
    assertEquals(400, notJson.statusCode());
    assertEquals("BAD_REQUEST", code(notJson));
    HttpResponse<String> badVariables = post("{\"query\":\"{ __typename }\",\"variables\":[1]}", "application/graphql-response+json");
    assertEquals(400, badVariables.statusCode());
    assertEquals("BAD_REQUEST", code(badVariables));
    HttpResponse<String> put = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, put.statusCode());
    assertEquals("GET, POST, OPTIONS", put.headers().firstValue("allow").orElse(""));
    assertEquals("OPERATION_RESOLUTION_FAILURE", code(post("{\"query\":\"query A { __typename } query B { __typename }\"}",
        "application/graphql-response+json")));
  }

  @Test
  void metricsCountPlanCacheHitsAndRequests() throws Exception {
    String before = scrape();
    post("{\"query\":\"{ metrics: __typename }\"}", "application/json");
    post("{\"query\":\"{ metrics: __typename }\"}", "application/json");
    String after = scrape();
    assertEquals(counter(before, "gateway_plan_cache_requests_total{result=\"miss\"}") + 1,
        counter(after, "gateway_plan_cache_requests_total{result=\"miss\"}"));
    assertEquals(counter(before, "gateway_plan_cache_requests_total{result=\"hit\"}") + 1,
        counter(after, "gateway_plan_cache_requests_total{result=\"hit\"}"));
    assertTrue(counter(after, "gateway_request_duration_seconds_count") >= 2, after);
    assertTrue(after.contains("# TYPE gateway_request_duration_seconds histogram"), after);
  }

  private static String scrape() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private static long counter(String exposition, String series) {
    return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> Long.parseLong(l.substring(series.length() + 1)))
        .findFirst().orElse(0);
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigins() throws Exception {
    HttpResponse<String> preflight = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("origin", "https://app.example")
        .header("access-control-request-method", "POST").header("access-control-request-headers", "content-type,x-streamplane-plan")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode());
    assertEquals("https://app.example", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
    assertEquals("content-type,x-streamplane-plan", preflight.headers().firstValue("access-control-allow-headers").orElse(""));

    HttpResponse<String> allowed = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql")).header("origin", "https://app.example")
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("https://app.example", allowed.headers().firstValue("access-control-allow-origin").orElse(""));

    HttpResponse<String> other = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql")).header("origin", "https://evil.example")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
    assertTrue(other.headers().firstValue("access-control-allow-methods").isEmpty());
  }

  @Test
  void variablesOfTheWrongShapeAreRejectedBeforeAnySubgraphCall() throws Exception {
    for (String value : new String[] {"{\"a\":1}", "[\"1\"]", "true"}) {
      HttpResponse<String> r = post("{\"query\":\"query($id: ID!) { user(id: $id) { name } }\",\"variables\":{\"id\":" + value + "}}",
          "application/graphql-response+json");
      assertEquals(400, r.statusCode(), value + " -> " + r.body());
      assertEquals("BAD_USER_INPUT", code(r), r.body());
      assertFalse(MAPPER.readTree(r.body()).has("data"));
    }
  }

  @Test
  void automaticPersistedQueries() throws Exception {
    String query = "{ __typename apq: __typename }";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
    String hashOnly = "{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}}";
    HttpResponse<String> unknown = post(hashOnly, "application/json");
    assertEquals(200, unknown.statusCode());
    assertEquals("PERSISTED_QUERY_NOT_FOUND", code(unknown));

    String withText = "{\"query\":\"" + query + "\"," + hashOnly.substring(1);
    assertEquals("{\"data\":{\"__typename\":\"Query\",\"apq\":\"Query\"}}", post(withText, "application/json").body());
    assertEquals("{\"data\":{\"__typename\":\"Query\",\"apq\":\"Query\"}}", post(hashOnly, "application/json").body());
    HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql?extensions="
        + URLEncoder.encode(hashOnly.substring(14, hashOnly.length() - 1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("{\"data\":{\"__typename\":\"Query\",\"apq\":\"Query\"}}", get.body());

    String wrong = "{\"query\":\"{ __typename }\"," + hashOnly.substring(1);
    assertEquals("PERSISTED_QUERY_HASH_MISMATCH", code(post(wrong, "application/graphql-response+json")));
  }

  private static HttpResponse<String> post(String body, String accept) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/graphql")).header("content-type", "application/json")
        .header("accept", accept).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String code(HttpResponse<String> response) throws Exception {
    return MAPPER.readTree(response.body()).at("/errors/0/extensions/code").asText();
  }
}
