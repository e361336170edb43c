package io.streamplane.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the gateway tells the registry: each operation once, with the fields it reads and how often it ran. */
class UsageReporterTest {
  private static final GraphQLSchema API = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
      type Query { title(id: ID!): Title, search(text: String!): [Result!]! }
      union Result = Title | Person
      type Title { id: ID!, name: String, rating: String }
      type Person { id: ID!, name: String }
      """), RuntimeWiring.MOCKED_WIRING);
  private static final String PAGE = "query TitlePage($id: ID!) { title(id: $id) { name rating __typename } }";
  private static final String SEARCH = "{ search(text: \"x\") { ... on Person { name } ... on Title { id } } }";

  @Test
  void reportsEachOperationWithItsFieldsAndCountAndKeepsUndeliveredCounts() throws Exception {
    List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger status = new AtomicInteger(503);
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/usage", exchange -> {
      received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    registry.start();
    try (UsageReporter usage = new UsageReporter(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()
        + "/usage"), new ObjectMapper(), message -> { })) {
      for (int i = 0; i < 3; i++) {
        usage.record(PAGE, "TitlePage", Parser.parse(PAGE), API);
      }
      usage.record(SEARCH, null, Parser.parse(SEARCH), API);

      assertFalse(usage.report(), "the registry is unavailable: keep the counts");
      usage.record(PAGE, "TitlePage", Parser.parse(PAGE), API);
      status.set(200);
      assertTrue(usage.report());
      assertTrue(usage.report(), "nothing new to send");
      assertEquals(2, received.size());

      Map<String, JsonNode> byName = new TreeMap<>();
      received.get(1).get("operations").forEach(op -> byName.put(op.get("operationName").asText(), op));
      JsonNode page = byName.get("TitlePage");
      assertEquals(4, page.get("count").asLong(), "3 undelivered + 1");
      assertEquals(List.of("Query.title", "Title.name", "Title.rating"), strings(page.get("fields")));
      assertEquals(32, page.get("operationHash").asText().length());
      JsonNode search = byName.get("");
      assertEquals(1, search.get("count").asLong());
      assertEquals(List.of("Person.name", "Query.search", "Title.id"), strings(search.get("fields")));
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void theSameOperationWithOtherLiteralsCountsOnceAndSampledCountsAreScaledUp() throws Exception {
    List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/usage", exchange -> {
      received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    registry.start();
    try (UsageReporter usage = new UsageReporter(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()
        + "/usage"), new ObjectMapper(), message -> { }, 0.25)) {
      int runs = 4_000;
      for (int i = 0; i < runs; i++) {
        // every client spells it differently: other literals, an alias, another field order
        String query = i % 2 == 0 ? "query Find { search(text: \"q" + i + "\") { ... on Title { name id } } }"
            : "query Find {\n hits: search(text: \"other " + i + "\") { ... on Title { id name } } }";
        usage.record(query, "Find", Parser.parse(query), API);
      }
      assertTrue(usage.report());
      JsonNode report = received.get(0);
      assertTrue(report.get("sampled").asBoolean());
      assertEquals(0.25, report.get("sampleRate").asDouble());
      assertTrue(report.hasNonNull("windowStart") && report.hasNonNull("windowEnd"), report.toString());
      assertEquals(1, report.get("operations").size(), "one operation: " + report);
      long estimate = report.get("operations").get(0).get("count").asLong();
      // about 1,000 of 4,000 are counted and scaled by 4; a binomial standard deviation is ~27 counted (~110 scaled)
      assertTrue(estimate > runs - 800 && estimate < runs + 800, "estimate " + estimate + " for " + runs);
      assertEquals(0, estimate % 4, "a count of sampled requests scaled by 1 / 0.25");
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void aSampleRateOutsideZeroToOneIsRefused() {
    URI url = URI.create("http://127.0.0.1:1/usage");
    for (double rate : new double[] {0, -0.5, 1.5, Double.NaN}) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new UsageReporter(url, new ObjectMapper(), message -> { }, rate));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    Collections.sort(values);
    return values;
  }
}
