package io.streamplane.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import io.grpc.Grpc;
import io.streamplane.federation.compose.ApiSchema;
import io.streamplane.gateway.usage.UsageReporter;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.platform.testing.TestStores;
import io.streamplane.proto.registry.v1.CheckRequest;
import io.streamplane.proto.registry.v1.CheckResponse;
import io.streamplane.proto.registry.v1.GetSupergraphRequest;
import io.streamplane.proto.registry.v1.PublishRequest;
import io.streamplane.proto.registry.v1.PublishResponse;
import io.streamplane.proto.registry.v1.SchemaRegistryGrpc;
import io.streamplane.proto.registry.v1.Supergraph;
import java.util.Iterator;
import org.springframework.beans.factory.annotation.Autowired;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The registry service over HTTP on real Cassandra; each test uses a graph of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
        "streamplane.grpc.port=0"})
class RegistryServiceTest {
  @DynamicPropertySource
  static void keyspace(DynamicPropertyRegistry registry) {
    registry.add("streamplane.registry.keyspace", () -> TestStores.keyspace("registry"));
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LINK = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.5\","
      + " import: [\"@key\"])\n";
  private static final String CATALOG = LINK + "type Query { title(id: ID!): Title }\n"
      + "type Title @key(fields: \"id\") { id: ID! name: String rating: String synopsis: String }\n";
  private static final String LISTS = LINK + "type Query { myList: [Title] }\n"
      + "type Title @key(fields: \"id\") { id: ID! inMyList: Boolean }\n";

  @LocalServerPort int port;
  @Autowired GrpcServer grpc;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode publish(String graph, String subgraph, String sdl) throws Exception {
    HttpResponse<String> r = post("/api/graphs/" + graph + "/subgraphs/" + subgraph + "/publish",
        Map.of("sdl", sdl, "routingUrl", "http://127.0.0.1:8101/graphql", "revision", "r1"));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void publishComposesAndGatewaysFollowTheLiveSupergraph() throws Exception {
    JsonNode first = publish("follow", "catalog", CATALOG);
    assertTrue(first.get("published").asBoolean(), first.toString());
    HttpResponse<String> live = get("/api/graphs/follow/supergraph");
    assertEquals(200, live.statusCode());
    assertEquals("\"v1\"", live.headers().firstValue("etag").orElseThrow());
    assertTrue(live.body().contains("join__Graph") && live.body().contains("CATALOG"), live.body());
    assertEquals(304, get("/api/graphs/follow/supergraph", "If-None-Match", "\"v1\"").statusCode());
    assertFalse(publish("follow", "catalog", CATALOG).get("published").asBoolean(), "unchanged");

    // a gateway waiting on v1 hears about v2 as soon as it is published
    CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return get("/api/graphs/follow/supergraph?waitSeconds=30", "If-None-Match", "\"v1\"");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(700);
    assertEquals(2, publish("follow", "lists", LISTS).get("version").asInt());
    HttpResponse<String> changed = waiting.get(20, TimeUnit.SECONDS);
    assertEquals(200, changed.statusCode());
    assertTrue(changed.body().contains("inMyList"), changed.body());
    assertEquals(2, JSON.readTree(get("/api/graphs/follow/subgraphs").body()).size());
  }

  @Test
  void aSchemaThatDoesNotComposeNeverGoesLive() throws Exception {
    publish("broken", "catalog", CATALOG);
    String conflicting = LINK + "type Query { other: Int }\ntype Title @key(fields: \"id\") { id: ID! name: Int }\n";
    JsonNode result = publish("broken", "other", conflicting);
    assertFalse(result.get("published").asBoolean());
    JsonNode error = result.get("compositionErrors").get(0);
    assertFalse(error.get("code").asText().isEmpty());
    assertTrue(get("/api/graphs/broken/supergraph").body().contains("name: String"));
    assertEquals("other", JSON.readTree(get("/api/graphs/broken/failed-publishes").body()).get(0).get("subgraph")
        .asText());

    JsonNode invalid = publish("broken", "other", "type Query {");
    assertFalse(invalid.get("published").asBoolean());
    assertEquals(1, JSON.readTree(get("/api/graphs/broken/versions").body()).size());
  }

  @Test
  void anUnsatisfiableSupergraphIsRefusedWithTheQueryThatCannotBeServed() throws Exception {
    publish("satisfiable", "catalog", CATALOG);
    String reviews = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.5\", import: [\"@key\"])\n"
        + "type Query { reviewCount: Int }\n"
        + "type Title @key(fields: \"id\", resolvable: false) { id: ID! score: Float }\n";
    JsonNode check = JSON.readTree(post("/api/graphs/satisfiable/subgraphs/reviews/check", Map.of("sdl", reviews))
        .body());
    assertEquals("FAILED", check.get("verdict").asText());
    JsonNode result = publish("satisfiable", "reviews", reviews);
    assertFalse(result.get("published").asBoolean());
    JsonNode error = result.get("compositionErrors").get(0);
    assertEquals("SATISFIABILITY_ERROR", error.get("code").asText());
    assertEquals("Title.score", error.get("coordinate").asText());
    assertTrue(error.get("message").asText().contains("title(id: \"<any id>\") {\n    score\n"), error.toString());
    assertFalse(get("/api/graphs/satisfiable/supergraph").body().contains("score"), "the live supergraph stays");
  }

  @Test
  void checkNamesTheOperationsABreakingChangeWouldBreak() throws Exception {
    publish("checks", "catalog", CATALOG);
    HttpResponse<String> usage = post("/api/graphs/checks/usage", Map.of("operations", List.of(
        Map.of("operationHash", "a1b2c3d4e5", "operationName", "TitlePage", "fields", List.of("Query.title",
            "Title.name", "Title.rating"), "count", 1204),
        Map.of("operationHash", "0f0f0f0f0f", "operationName", "Row", "fields", List.of("Title.rating"), "count", 3))));
    assertEquals(200, usage.statusCode(), usage.body());

    String withoutRating = CATALOG.replace(" rating: String", "");
    JsonNode breaking = JSON.readTree(post("/api/graphs/checks/subgraphs/catalog/check", Map.of("sdl",
        withoutRating)).body());
    assertEquals("BREAKING", breaking.get("verdict").asText(), breaking.toString());
    JsonNode change = breaking.get("changes").get(0);
    assertEquals("Title.rating", change.get("coordinate").asText());
    assertEquals(2, change.get("affectedOperations").size());
    assertEquals("breaks 2 operations seen 1,207 times in 7 days", change.get("note").asText());

    String withoutSynopsis = CATALOG.replace(" synopsis: String", "");
    JsonNode unused = JSON.readTree(post("/api/graphs/checks/subgraphs/catalog/check", Map.of("sdl",
        withoutSynopsis)).body());
    assertEquals("SAFE", unused.get("verdict").asText(), unused.toString());
    assertEquals("BREAKING", unused.get("changes").get(0).get("criticality").asText());
    assertEquals("SAFE", unused.get("changes").get(0).get("effective").asText());

    String withInput = CATALOG + "input TitleFilter { year: Int, kind: String }\n"
        + "extend type Query { find(filter: TitleFilter): [Title] }\n";
    publish("checks", "catalog", withInput);
    JsonNode inputRemoved = JSON.readTree(post("/api/graphs/checks/subgraphs/catalog/check", Map.of("sdl",
        withInput.replace(", kind: String", ""))).body());
    assertEquals("BREAKING", inputRemoved.get("verdict").asText(), "input usage is not tracked: no downgrade");

    JsonNode failed = JSON.readTree(post("/api/graphs/checks/subgraphs/catalog/check", Map.of("sdl",
        "type Query { broken: }")).body());
    assertEquals("FAILED", failed.get("verdict").asText());
    assertEquals(4, JSON.readTree(get("/api/graphs/checks/checks").body()).size());
  }

  @Test
  void gatewayReportsCountAnOperationOnceWhateverItsLiteralsAndSampledFiguresAreMarkedEstimated() throws Exception {
    publish("usage", "catalog", CATALOG);
    GraphQLSchema api = ApiSchema.fromSupergraph(get("/api/graphs/usage/supergraph").body()).schema();
    URI reports = URI.create("http://127.0.0.1:" + port + "/api/graphs/usage/usage");
    int pageViews = 600;
    try (UsageReporter sampled = new UsageReporter(reports, new ObjectMapper(), message -> { }, 0.5);
         UsageReporter full = new UsageReporter(reports, new ObjectMapper(), message -> { }, 1.0)) {
      for (int i = 0; i < pageViews; i++) {
        String query = i % 3 == 0 ? "query TitlePage { title(id: \"" + i + "\") { name rating } }"
            : "query TitlePage {\n  # header\n  t: title(id: \"x" + i + "\") { rating\n name }\n}";
        sampled.record(query, "TitlePage", Parser.parse(query), api);
      }
      for (int i = 0; i < 3; i++) {
        String query = "query Row { title(id: \"" + i + "\") { rating } }";
        full.record(query, null, Parser.parse(query), api);
      }
      assertTrue(sampled.report());
      assertTrue(full.report());
    }
    JsonNode check = JSON.readTree(post("/api/graphs/usage/subgraphs/catalog/check", Map.of("sdl",
        CATALOG.replace(" rating: String", ""))).body());
    assertEquals("BREAKING", check.get("verdict").asText(), check.toString());
    JsonNode change = check.get("changes").get(0);
    Map<String, JsonNode> byName = new java.util.TreeMap<>();
    change.get("affectedOperations").forEach(op -> byName.put(op.get("operationName").asText(), op));
    assertEquals(2, change.get("affectedOperations").size(), "each operation once: " + change);
    assertEquals(List.of("Row", "TitlePage"), List.copyOf(byName.keySet()));
    long page = byName.get("TitlePage").get("count").asLong();
    // about half the 600 views are counted and doubled; a binomial deviation of 12 counted views is 24 in the estimate
    assertTrue(page > pageViews - 150 && page < pageViews + 150 && page % 2 == 0, "estimate " + page);
    assertEquals(page, byName.get("TitlePage").get("estimated").asLong());
    assertEquals(3, byName.get("Row").get("count").asLong());
    assertEquals(0, byName.get("Row").get("estimated").asLong());
    assertEquals(String.format(java.util.Locale.ROOT, "breaks 2 operations seen %,d times in 7 days (%,d of them "
        + "estimated from sampled usage reports)", page + 3, page), change.get("note").asText());

    HttpResponse<String> badRate = post("/api/graphs/usage/usage", Map.of("sampleRate", 2, "operations", List.of()));
    assertEquals(400, badRate.statusCode());
    assertEquals("BAD_USER_INPUT", JSON.readTree(badRate.body()).get("code").asText());
  }

  @Test
  void concurrentPublishesAreNeverLost() throws Exception {
    int subgraphs = 6;
    ExecutorService pool = Executors.newFixedThreadPool(subgraphs);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < subgraphs; i++) {
        String name = "team-" + i;
        String sdl = LINK + "type Query { field" + i + ": String }\n";
        results.add(pool.submit(() -> publish("race", name, sdl)));
      }
      for (Future<JsonNode> result : results) {
        assertTrue(result.get(60, TimeUnit.SECONDS).get("published").asBoolean());
      }
    } finally {
      pool.shutdownNow();
    }
    String live = get("/api/graphs/race/supergraph").body();
    for (int i = 0; i < subgraphs; i++) {
      assertTrue(live.contains("field" + i), "field" + i + " lost: " + live);
    }
    JsonNode versions = JSON.readTree(get("/api/graphs/race/versions").body());
    assertEquals(subgraphs, versions.size());
    assertEquals(subgraphs, versions.get(0).get("version").asInt());
  }

  @Test
  void historyDiffAndRollback() throws Exception {
    publish("history", "catalog", CATALOG);
    publish("history", "catalog", CATALOG.replace(" synopsis: String", ""));
    JsonNode diff = JSON.readTree(get("/api/graphs/history/diff?from=1&to=2").body());
    assertEquals("Title.synopsis", diff.get(0).get("coordinate").asText());
    JsonNode rollback = JSON.readTree(post("/api/graphs/history/rollback", Map.of("version", 1)).body());
    assertEquals(3, rollback.get("version").asInt());
    assertTrue(get("/api/graphs/history/supergraph").body().contains("synopsis"));
    assertEquals("rollback to 1", JSON.readTree(get("/api/graphs/history/versions/3").body()).get("origin").asText());
  }

  @Test
  void servicesUseTheSameRegistryOverGrpc() throws Exception {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpc.port(),
        InsecureChannelCredentials.create()).build();
    try {
      var registry = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      Iterator<Supergraph> watch = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
          .watchSupergraph(GetSupergraphRequest.newBuilder().setGraph("grpc").build());
      PublishResponse published = registry.publish(PublishRequest.newBuilder().setGraph("grpc").setSubgraph("catalog")
          .setSdl(CATALOG).setRoutingUrl("http://127.0.0.1:8101/graphql").build());
      assertTrue(published.getPublished());
      assertEquals(1, watch.next().getVersion());
      registry.publish(PublishRequest.newBuilder().setGraph("grpc").setSubgraph("lists").setSdl(LISTS)
          .setRoutingUrl("http://127.0.0.1:8102/graphql").build());
      Supergraph second = watch.next();
      assertEquals(2, second.getVersion());
      assertTrue(second.getSdl().contains("inMyList"));
      CheckResponse check = registry.check(CheckRequest.newBuilder().setGraph("grpc").setSubgraph("lists")
          .setSdl(LISTS.replace("inMyList: Boolean", "inMyList: Int")).build());
      assertEquals("SAFE", check.getVerdict());  // a type change nobody uses yet
      assertEquals("BREAKING", check.getChanges(0).getCriticality());
      StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> registry.publish(
          PublishRequest.newBuilder().setSubgraph("Nope!").setSdl(CATALOG).setRoutingUrl("http://x").build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theReviewersPageIsServed() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Streamplane schema registry"));
  }

  @Test
  void badInputIsA4xxWithACode() throws Exception {
    HttpResponse<String> badName = post("/api/graphs/bad/subgraphs/Bad_Name/publish", Map.of("sdl", CATALOG,
        "routingUrl", "http://x/graphql"));
    assertEquals(400, badName.statusCode());
    assertEquals("BAD_USER_INPUT", JSON.readTree(badName.body()).get("code").asText());
    assertEquals(400, post("/api/graphs/bad/subgraphs/catalog/publish", Map.of("sdl", CATALOG,
        "routingUrl", "file:///etc/passwd")).statusCode());
    assertEquals(400, post("/api/graphs/bad/subgraphs/catalog/publish", Map.of("sdl", "x".repeat(1_100_000),
        "routingUrl", "http://x/graphql")).statusCode());
    assertEquals(400, post("/api/graphs/bad/subgraphs/catalog/publish", "{not json").statusCode());
    HttpResponse<String> missing = get("/api/graphs/bad/versions/99");
    assertEquals(404, missing.statusCode());
    assertFalse(missing.body().contains("Exception"));
    assertEquals(404, get("/api/graphs/nothing-here/supergraph").statusCode());
  }
}
