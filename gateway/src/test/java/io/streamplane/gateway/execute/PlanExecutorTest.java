package io.streamplane.gateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.streamplane.gateway.plan.ConditionNode;
import io.streamplane.gateway.plan.FetchNode;
import io.streamplane.gateway.plan.ParallelNode;
import io.streamplane.gateway.plan.PlanNode;
import io.streamplane.gateway.plan.QueryPlan;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans written as data, run against a real HTTP subgraph that counts its requests. */
class PlanExecutorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer subgraph;
  private HttpSubgraphCaller caller;

  @BeforeEach
  void start() throws Exception {
    subgraph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    subgraph.createContext("/s", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      try {
        Thread.sleep(200); // both fetches of a Parallel node are in flight together
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "{\"data\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    subgraph.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    subgraph.start();
    String url = "http://127.0.0.1:" + subgraph.getAddress().getPort() + "/s";
    caller = new HttpSubgraphCaller(MAPPER, n -> url, Map.of(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    caller.close();
    subgraph.stop(0);
  }

  private static FetchNode fetch(String operation) {
    return new FetchNode("s", operation, null, "query", List.of(), Map.of());
  }

  private ObjectNode run(PlanNode node, Map<String, Object> values) throws Exception {
    return new PlanExecutor(caller).execute(new QueryPlan(node, null, 2, 1), MAPPER.createObjectNode(), values, Map.of())
        .get().data();
  }

  @Test
  void identicalFetchesInFlightTogetherAreSentOnce() throws Exception {
    ObjectNode data = run(new ParallelNode(List.of(fetch("query{a}"), fetch("query{a}"))), Map.of());
    assertEquals("{\"a\":1}", data.toString());
    assertEquals(1, requests.get());
  }

  @Test
  void differentFetchesAreNotShared() throws Exception {
    run(new ParallelNode(List.of(fetch("query{a}"), fetch("query{a __typename}"))), Map.of());
    assertEquals(2, requests.get());
  }

  @Test
  void aConditionNodeRunsTheClauseItsVariableChooses() throws Exception {
    PlanNode included = new ConditionNode("v", fetch("query{a}"), null);
    assertEquals("{}", run(included, Map.of("v", false)).toString());
    assertEquals(0, requests.get());
    assertEquals("{\"a\":1}", run(included, Map.of("v", true)).toString());
    assertEquals(1, requests.get());
    PlanNode skipped = new ConditionNode("v", null, fetch("query{a}"));
    run(skipped, Map.of("v", true));
    assertEquals(1, requests.get());
  }
}
