package io.streamplane.gateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.metrics.MeteredSubgraphCaller;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.server.GatewayServer;
import io.streamplane.gateway.server.HttpPolicy;
import io.streamplane.gateway.supergraph.LoadedSupergraph;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the federation conformance corpus ({@code src/test/resources/conformance/<scenario>/}): each scenario's
 * subgraphs are served over real HTTP from their SDL and data, the hand-written supergraph points the real gateway
 * (over HTTP too) at them, and every case's response must equal the expected one exactly, field order included.
 *
 * <p>Scenario files: {@code supergraph.graphql} (subgraph URLs written as {@code http://subgraphs/<name>}),
 * {@code subgraphs/<name>.graphql} + optional {@code <name>.json} data, {@code cases.json}: a list of
 * {@code {name, query, variables?, operationName?, headers?, get?, status?, fetches?, order?, representations?, expected}}
 * ({@code order}: the subgraphs called, in call order; {@code representations}: per subgraph, how many were sent).
 * Every subgraph call must carry the case's {@code x-streamplane-user} header exactly when the client sent one.
 */
class ConformanceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The client header every scenario's gateway forwards to its subgraphs. */
  private static final String PROPAGATED_HEADER = "x-streamplane-user";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final List<AutoCloseable> RUNNING = new ArrayList<>();

  @AfterAll
  static void stopServers() throws Exception {
    for (AutoCloseable c : RUNNING) {
      c.close();
    }
  }

  @TestFactory
  Stream<DynamicContainer> corpus() throws Exception {
    Path root = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    List<DynamicContainer> scenarios = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        scenarios.add(scenario(dir));
      }
    }
    return scenarios.stream();
  }

  private DynamicContainer scenario(Path dir) throws IOException {
    Map<String, DataSubgraph> subgraphs = new LinkedHashMap<>();
    Map<String, String> behaviors = new HashMap<>();
    Map<String, Duration> timeouts = new HashMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("subgraphs"))) {
      for (Path sdl : files.filter(p -> p.toString().endsWith(".graphql")).sorted().toList()) {
        String name = sdl.getFileName().toString().replace(".graphql", "");
        Path dataFile = dir.resolve("subgraphs").resolve(name + ".json");
        JsonNode data = Files.exists(dataFile) ? MAPPER.readTree(dataFile.toFile()) : null;
        subgraphs.put(name, new DataSubgraph(Files.readString(sdl), data, MAPPER));
        String behavior = SubgraphServers.behavior(data);
        if (behavior != null) {
          behaviors.put(name, behavior);
          timeouts.put(name, Duration.ofMillis(300));
        }
      }
    }
    SubgraphServers servers = new SubgraphServers(subgraphs, behaviors, MAPPER);
    RUNNING.add(servers);
    LoadedSupergraph supergraph = new LoadedSupergraph(
        Files.readString(dir.resolve("supergraph.graphql")).replace("http://subgraphs", servers.baseUrl()));
    HttpSubgraphCaller caller = new HttpSubgraphCaller(MAPPER, n -> supergraph.supergraph().subgraph(n).url(), timeouts, Duration.ofSeconds(10));
    RUNNING.add(caller);
    GatewayMetrics metrics = new GatewayMetrics();
    RequestPipeline pipeline = new RequestPipeline(() -> supergraph, new PlanExecutor(new MeteredSubgraphCaller(caller, metrics)),
        new RequestLimits(20_000, 5_000, 12, 10, 2_000), metrics, true, MAPPER);
    GatewayServer gateway = new GatewayServer("127.0.0.1", 0, pipeline, MAPPER, () -> true, metrics,
        new HttpPolicy(Set.of(), List.of(PROPAGATED_HEADER))).start();
    RUNNING.add(gateway);
    URI endpoint = URI.create("http://127.0.0.1:" + gateway.port() + "/graphql");

    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : MAPPER.readTree(dir.resolve("cases.json").toFile())) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runCase(c, endpoint, servers)));
    }
    return DynamicContainer.dynamicContainer(dir.getFileName().toString(), tests);
  }

  private static void runCase(JsonNode c, URI endpoint, SubgraphServers servers) throws Exception {
    ObjectNode body = MAPPER.createObjectNode().put("query", c.get("query").asText());
    if (c.has("variables")) {
      body.set("variables", c.get("variables"));
    }
    if (c.has("operationName")) {
      body.set("operationName", c.get("operationName"));
    }
    HttpRequest.Builder request = c.path("get").asBoolean()
        ? HttpRequest.newBuilder(URI.create(endpoint + "?query=" + URLEncoder.encode(c.get("query").asText(), StandardCharsets.UTF_8))).GET()
        : HttpRequest.newBuilder(endpoint).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
    request.header("accept", "application/graphql-response+json").timeout(Duration.ofSeconds(20));
    Iterator<Map.Entry<String, JsonNode>> headers = c.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      request.header(h.getKey(), h.getValue().asText());
    }
    int before = servers.received.size();
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    int fetches = servers.received.size() - before;
    JsonNode actual = MAPPER.readTree(response.body());
    assertEquals(c.get("expected").toPrettyString(), actual.toPrettyString(), "response of " + c.get("name").asText());
    assertEquals(c.path("status").asInt(200), response.statusCode(), "HTTP status");
    if (c.has("order")) {
      List<String> expected = new ArrayList<>();
      c.get("order").forEach(n -> expected.add(n.asText()));
      List<String> order = servers.received.subList(before, servers.received.size()).stream().map(SubgraphServers.Received::subgraph).toList();
      assertEquals(expected, order, "order of subgraph requests");
    }
    Iterator<Map.Entry<String, JsonNode>> reps = c.path("representations").fields();
    while (reps.hasNext()) {
      Map.Entry<String, JsonNode> expected = reps.next();
      int sent = 0;
      for (SubgraphServers.Received r : servers.received.subList(before, servers.received.size())) {
        if (r.subgraph().equals(expected.getKey()) && r.body().get("variables") instanceof Map<?, ?> vars
            && vars.get("representations") instanceof List<?> list) {
          sent += list.size();
        }
      }
      assertEquals(expected.getValue().asInt(), sent, "representations sent to " + expected.getKey());
    }
    for (SubgraphServers.Received r : servers.received.subList(before, servers.received.size())) {
      assertEquals(c.path("headers").path(PROPAGATED_HEADER).asText(null), r.headers().getFirst(PROPAGATED_HEADER),
          PROPAGATED_HEADER + " forwarded to " + r.subgraph());
    }
    if (c.has("fetches")) {
      assertEquals(c.get("fetches").asInt(), fetches, "subgraph requests for one query");
    }
  }
}
