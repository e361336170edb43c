package io.streamplane.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.server.GatewayServer;
import io.streamplane.gateway.server.HttpPolicy;
import io.streamplane.gateway.supergraph.SupergraphFile;
import io.streamplane.gateway.supergraph.SupergraphFollower;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import io.streamplane.platform.testing.TestStores;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subgraph publishes a new field; a real gateway following this registry serves it within seconds, and not one of
 * the requests it was serving meanwhile fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
        "streamplane.grpc.port=0"})
class GatewayHotReloadTest {
  @DynamicPropertySource
  static void keyspace(DynamicPropertyRegistry registry) {
    registry.add("streamplane.registry.keyspace", () -> TestStores.keyspace("registry_reload"));
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LINK = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.5\","
      + " import: [\"@key\"])\n";

  @LocalServerPort int registryPort;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A real GraphQL subgraph over HTTP that already answers both fields; the gateway learns of them by publish. */
  private static HttpServer subgraph() throws Exception {
    GraphQL graphql = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(
        new SchemaParser().parse("type Query { hello: String greeting: String }"),
        RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("hello", env -> "world")
            .dataFetcher("greeting", env -> "hi")).build())).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/graphql", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      ExecutionResult result = graphql.execute(request.get("query").asText());
      byte[] body = JSON.writeValueAsBytes(result.toSpecification());
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private void publish(String sdl, int subgraphPort) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registryPort
        + "/api/graphs/reload/subgraphs/greeter/publish")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sdl", sdl,
            "routingUrl", "http://127.0.0.1:" + subgraphPort + "/graphql")))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(JSON.readTree(r.body()).get("published").asBoolean(), r.body());
  }

  private JsonNode query(int gatewayPort, String query) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort
        + "/graphql")).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        JSON.writeValueAsString(Map.of("query", query)))).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.readTree("{\"status\":" + r.statusCode() + "}");
  }

  @Test
  void aPublishedFieldIsServedWithinSecondsWithoutFailingInFlightRequests(@TempDir Path dir) throws Exception {
    HttpServer subgraph = subgraph();
    int subgraphPort = subgraph.getAddress().getPort();
    publish(LINK + "type Query { hello: String }\n", subgraphPort);

    Path file = dir.resolve("supergraph.graphql");
    ObjectMapper mapper = new ObjectMapper();
    try (SupergraphFollower follower = new SupergraphFollower(URI.create("http://127.0.0.1:" + registryPort
        + "/api/graphs/reload/supergraph"), file, message -> { })) {
      assertTrue(follower.fetchOnce(0));
      follower.start();
      SupergraphFile supergraph = new SupergraphFile(file, message -> { }).watch(200);
      HttpSubgraphCaller caller = new HttpSubgraphCaller(mapper,
          name -> supergraph.current().supergraph().subgraph(name).url(), Map.of(), Duration.ofSeconds(5));
      GatewayMetrics metrics = new GatewayMetrics();
      GatewayServer gateway = new GatewayServer("127.0.0.1", 0, new RequestPipeline(supergraph::current,
          new PlanExecutor(caller), RequestLimits.defaults(), metrics, true, mapper), mapper, () -> true, metrics,
          new HttpPolicy(Set.of(), List.of())).start();
      try {
        int port = gateway.port();
        assertEquals("world", query(port, "{ hello }").at("/data/hello").asText());
        assertTrue(query(port, "{ greeting }").has("errors"), "not published yet");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread clients = new Thread(() -> {
          while (running.get()) {
            try {
              JsonNode r = query(port, "{ hello }");
              if ("world".equals(r.at("/data/hello").asText()) && !r.has("errors")) {
                served.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
        });
        clients.start();
        Thread.sleep(300);
        publish(LINK + "type Query { hello: String greeting: String }\n", subgraphPort);
        long deadline = System.nanoTime() + 30_000_000_000L;
        String greeting = "";
        while (!greeting.equals("hi") && System.nanoTime() < deadline) {
          greeting = query(port, "{ greeting }").at("/data/greeting").asText();
          Thread.sleep(100);
        }
        running.set(false);
        clients.join();
        assertEquals("hi", greeting, "the gateway never served the published field");
        assertTrue(served.get() > 0);
        assertEquals(0, failed.get(), "requests failed while the supergraph changed");
      } finally {
        gateway.close();
        caller.close();
        supergraph.close();
        subgraph.stop(0);
      }
    }
  }
}
