package io.streamplane.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.platform.testing.TestStores;
import io.streamplane.proto.registry.v1.PublishRequest;
import io.streamplane.proto.registry.v1.SchemaRegistryGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A registry configured with publish tokens, on real Cassandra: publishes and rollbacks need the graph's or the
 * subgraph's token, over HTTP and gRPC; checks and reads stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
        "streamplane.grpc.port=0",
        "streamplane.registry.publish-tokens=tokens=graph-secret-1, tokens/catalog=catalog-secret-1,"
            + "rollbacks=rollback-graph-1,rollbacks/catalog=rollback-catalog-1,grpc=grpc-graph-1"})
class RegistryPublishTokenTest {
  @DynamicPropertySource
  static void keyspace(DynamicPropertyRegistry registry) {
    registry.add("streamplane.registry.keyspace", () -> TestStores.keyspace("registry"));
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LINK = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.5\","
      + " import: [\"@key\"])\n";
  private static final String CATALOG = LINK + "type Query { title(id: ID!): Title }\n"
      + "type Title @key(fields: \"id\") { id: ID! name: String }\n";
  private static final String LISTS = LINK + "type Query { myList: [Title] }\n"
      + "type Title @key(fields: \"id\") { id: ID! inMyList: Boolean }\n";

  @LocalServerPort int port;
  @Autowired GrpcServer grpc;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String token, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> publish(String graph, String subgraph, String sdl, String token) throws Exception {
    return post("/api/graphs/" + graph + "/subgraphs/" + subgraph + "/publish", token,
        Map.of("sdl", sdl, "routingUrl", "http://127.0.0.1:8101/graphql"));
  }

  private static String code(HttpResponse<String> response) {
    return JSON.readTree(response.body()).path("code").asText();
  }

  @Test
  void publishesNeedTheSubgraphsOrTheGraphsToken() throws Exception {
    HttpResponse<String> none = publish("tokens", "catalog", CATALOG, null);
    assertEquals(401, none.statusCode(), none.body());
    assertEquals("UNAUTHENTICATED", code(none));
    HttpResponse<String> wrong = publish("tokens", "catalog", CATALOG, "catalog-secret-2");
    assertEquals(401, wrong.statusCode());
    assertEquals("UNAUTHENTICATED", code(wrong));
    assertFalse(wrong.body().contains("catalog-secret-1"), "never echo a token");
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/graphs/tokens/supergraph")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
        "a refused publish changes nothing");

    HttpResponse<String> own = publish("tokens", "catalog", CATALOG, "catalog-secret-1");
    assertEquals(200, own.statusCode(), own.body());
    assertTrue(JSON.readTree(own.body()).get("published").asBoolean());
    assertEquals(401, publish("tokens", "lists", LISTS, "catalog-secret-1").statusCode(),
        "a subgraph's token is for that subgraph only");
    HttpResponse<String> graphWide = publish("tokens", "lists", LISTS, "graph-secret-1");
    assertEquals(200, graphWide.statusCode(), graphWide.body());
    assertEquals(2, JSON.readTree(graphWide.body()).get("version").asInt());

    HttpResponse<String> otherGraph = publish("elsewhere", "catalog", CATALOG, "graph-secret-1");
    assertEquals(403, otherGraph.statusCode(), "no token is configured for this graph: nobody may publish");
    assertEquals("FORBIDDEN", code(otherGraph));
  }

  @Test
  void checksAndReadsStayOpenButRollbacksNeedTheGraphsToken() throws Exception {
    assertEquals(200, publish("rollbacks", "catalog", CATALOG, "rollback-catalog-1").statusCode());
    assertEquals(200, publish("rollbacks", "catalog", CATALOG.replace(" name: String", " name: String year: Int"),
        "rollback-catalog-1").statusCode());

    HttpResponse<String> check = post("/api/graphs/rollbacks/subgraphs/catalog/check", null,
        Map.of("sdl", CATALOG));
    assertEquals(200, check.statusCode(), check.body());
    assertEquals("SAFE", JSON.readTree(check.body()).get("verdict").asText(), "removing an unused field");
    HttpResponse<String> versions = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/graphs/rollbacks/versions")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(2, JSON.readTree(versions.body()).size());

    assertEquals(401, post("/api/graphs/rollbacks/rollback", null, Map.of("version", 1)).statusCode());
    assertEquals(401, post("/api/graphs/rollbacks/rollback", "rollback-catalog-1", Map.of("version", 1)).statusCode(),
        "a subgraph's token cannot roll the whole graph back");
    HttpResponse<String> rolledBack = post("/api/graphs/rollbacks/rollback", "rollback-graph-1", Map.of("version", 1));
    assertEquals(200, rolledBack.statusCode(), rolledBack.body());
    assertEquals(3, JSON.readTree(rolledBack.body()).get("version").asInt());
  }

  @Test
  void grpcPublishesNeedTheTokenInTheirMetadata() throws Exception {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpc.port(),
        InsecureChannelCredentials.create()).build();
    try {
      var anonymous = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      PublishRequest request = PublishRequest.newBuilder().setGraph("tokens-grpc").setSubgraph("catalog")
          .setSdl(CATALOG).setRoutingUrl("http://127.0.0.1:8101/graphql").build();
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> anonymous.publish(request));
      assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode(), "no token configured for it");

      Metadata wrong = new Metadata();
      wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer nope-nope-nope");
      PublishRequest tokensGraph = request.toBuilder().setGraph("grpc").build();
      StatusRuntimeException unauthenticated = assertThrows(StatusRuntimeException.class, () -> anonymous
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong)).publish(tokensGraph));
      assertEquals(Status.Code.UNAUTHENTICATED, unauthenticated.getStatus().getCode());

      Metadata right = new Metadata();
      right.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer grpc-graph-1");
      assertTrue(anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(right)).publish(tokensGraph)
          .getPublished());
    } finally {
      channel.shutdownNow();
    }
  }
}
