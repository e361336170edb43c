package io.streamplane.gateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Real HTTP GraphQL subgraphs for one scenario on one JDK HTTP server (port 0), one context per subgraph at
 * {@code /<name>}. A subgraph whose data has {@code "$behavior": "http500"} answers HTTP 500 without a body;
 * {@code "hang"} never answers in time (the gateway's timeout fires); {@code "not-graphql"} answers 200 with an HTML
 * page; {@code "no-entities"} answers every {@code _entities} call with an empty list. Every request is recorded.
 */
final class SubgraphServers implements AutoCloseable {

  record Received(String subgraph, Map<String, Object> body, Headers headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ObjectMapper mapper;
  final List<Received> received = new CopyOnWriteArrayList<>();

  SubgraphServers(Map<String, DataSubgraph> subgraphs, Map<String, String> behaviors, ObjectMapper mapper) throws IOException {
    this.mapper = mapper;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    subgraphs.forEach((name, subgraph) -> server.createContext("/" + name, exchange -> handle(name, subgraph, behaviors.get(name), exchange)));
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @SuppressWarnings("unchecked")
  private void handle(String name, DataSubgraph subgraph, String behavior, HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, Object> body = mapper.readValue(exchange.getRequestBody(), Map.class);
      received.add(new Received(name, body, exchange.getRequestHeaders()));
      if ("http500".equals(behavior)) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      if ("hang".equals(behavior)) {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(504, -1);
        return;
      }
      if ("not-graphql".equals(behavior) || "no-entities".equals(behavior)) {
        byte[] out = ("not-graphql".equals(behavior) ? "<html>maintenance</html>" : "{\"data\":{\"_entities\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
        return;
      }
      Map<String, Object> result = subgraph.execute((String) body.get("query"), (String) body.get("operationName"),
          (Map<String, Object>) body.get("variables"));
      byte[] out = mapper.writeValueAsBytes(result);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  static String behavior(JsonNode data) {
    return data == null ? null : data.path("$behavior").asText(null);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
