package io.streamplane.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.auth.UnauthenticatedException;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.request.GatewayResponse;
import io.streamplane.gateway.request.GraphQLRequest;
import io.streamplane.gateway.request.RequestPipeline;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * GraphQL over HTTP on Undertow: {@code POST/GET /graphql}, GraphiQL at {@code /graphiql} (assets from the web jars) and
 * {@code /health}. Requests are handled asynchronously; no request thread waits for a subgraph.
 */
public final class GatewayServer implements AutoCloseable {

  public static final String PLAN_HEADER = "x-streamplane-plan";
  public static final String LABELS_HEADER = "x-streamplane-override-labels";
  private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  private static final long MAX_BODY_BYTES = 1 << 20;
  /** The caller headers the authenticator derived from the request's bearer token. */
  private static final io.undertow.util.AttachmentKey<Map<String, String>> CALLER_HEADERS =
      io.undertow.util.AttachmentKey.create(Map.class);
  /** Recorded for requests whose client went away first (nginx's convention); never sent. */
  private static final int CLIENT_CLOSED_REQUEST = 499;
  private static final AttachmentKey<InFlight> IN_FLIGHT = AttachmentKey.create(InFlight.class);

  private final Undertow undertow;
  private final RequestPipeline pipeline;
  private final ObjectMapper mapper;
  private final BooleanSupplier ready;
  private final GatewayMetrics metrics;
  private final HttpPolicy policy;
  private final byte[] queryPage;
  private final GraphiqlAssets assets = new GraphiqlAssets();

  public GatewayServer(String host, int port, RequestPipeline pipeline, ObjectMapper mapper, BooleanSupplier ready,
                       GatewayMetrics metrics, HttpPolicy policy) {
    this.metrics = metrics;
    this.policy = policy;
    this.pipeline = pipeline;
    this.mapper = mapper;
    this.ready = ready;
    this.queryPage = loadPage();
    HttpHandler root = exchange -> {
      switch (exchange.getRequestPath()) {
        case "/graphql" -> graphql(exchange);
        case "/graphiql" -> page(exchange);
        case "/health" -> health(exchange);
        case "/metrics" -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          exchange.getResponseSender().send(metrics.render());
        }
        default -> {
          GraphiqlAssets.Asset asset = assets.find(exchange.getRequestPath());
          if (asset != null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, asset.contentType());
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=31536000, immutable");
            exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
            return;
          }
          exchange.setStatusCode(StatusCodes.NOT_FOUND);
          exchange.getResponseSender().send("not found");
        }
      }
    };
    this.undertow = Undertow.builder().addHttpListener(port, host)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
        .setHandler(root).build();
  }

  public GatewayServer start() {
    undertow.start();
    return this;
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    undertow.stop();
  }

  private void graphql(HttpServerExchange exchange) {
    String origin = policy.allowedOrigin(exchange.getRequestHeaders().getFirst(Headers.ORIGIN));
    if (origin != null) {
      exchange.getResponseHeaders().put(HttpString.tryFromString("Access-Control-Allow-Origin"), origin);
      exchange.getResponseHeaders().put(Headers.VARY, "Origin");
    }
    if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      preflight(exchange, origin != null);
      return;
    }
    Map<String, String> caller;
    try {
      caller = policy.authenticator().callerHeaders(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION),
          exchange.getSourceAddress().getAddress().getHostAddress());
    } catch (UnauthenticatedException e) {
      GatewayResponse refused = new GatewayResponse(401, errorBody(e.getMessage(), "UNAUTHENTICATED"));
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      // Read the body first, so the kept-alive connection is clean for the client's next request.
      exchange.getRequestReceiver().receiveFullBytes((ex, body) -> reply(ex, refused), (ex, f) -> reply(ex, refused));
      return;
    }
    exchange.putAttachment(CALLER_HEADERS, caller);
    if (exchange.getRequestMethod().equals(Methods.GET)) {
      String query = param(exchange, "query");
      String operationName = param(exchange, "operationName");
      String variables = param(exchange, "variables");
      String extensions = param(exchange, "extensions");
      ObjectNode vars;
      JsonNode ext;
      try {
        vars = variables == null || variables.isBlank() ? null : (ObjectNode) mapper.readTree(variables);
        ext = extensions == null || extensions.isBlank() ? null : (ObjectNode) mapper.readTree(extensions);
      } catch (IOException | ClassCastException e) {
        reply(exchange, new GatewayResponse(400, errorBody("variables and extensions must be JSON objects", "BAD_REQUEST")));
        return;
      }
      handle(exchange, new GraphQLRequest(query, operationName, vars, true, wantsPlan(exchange), labels(exchange), persistedHash(ext),
          subgraphHeaders(exchange)));
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, POST, OPTIONS");
      reply(exchange, new GatewayResponse(405, errorBody("use GET or POST", "METHOD_NOT_ALLOWED")));
      return;
    }
    exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
      GraphQLRequest request;
      try {
        JsonNode body = mapper.readTree(bytes);
        if (!(body instanceof ObjectNode o)) {
          throw new IOException("the body is not a JSON object");
        }
        JsonNode vars = o.get("variables");
        if (vars != null && !vars.isNull() && !vars.isObject()) {
          throw new IOException("variables must be a JSON object");
        }
        request = new GraphQLRequest(o.path("query").isTextual() ? o.get("query").asText() : null,
            o.path("operationName").isTextual() ? o.get("operationName").asText() : null,
            vars instanceof ObjectNode v ? v : null, false, wantsPlan(ex), labels(ex), persistedHash(o.get("extensions")),
            subgraphHeaders(ex));
      } catch (IOException e) {
        reply(ex, new GatewayResponse(400, errorBody("the request body is not a GraphQL request: " + e.getMessage(), "BAD_REQUEST")));
        return;
      }
      handle(ex, request);
    }, (ex, failure) -> reply(ex, new GatewayResponse(413, errorBody("the request body is too large or unreadable", "BAD_REQUEST"))));
  }

  private void handle(HttpServerExchange exchange, GraphQLRequest request) {
    long start = System.nanoTime();
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
      CompletableFuture<GatewayResponse> processing = process(request);
      if (processing.isDone()) { // answered without a subgraph call: nothing to cancel
        processing.whenComplete((response, failure) -> finish(exchange, response, failure, start));
        return;
      }
      InFlight inFlight = inFlight(exchange.getConnection());
      inFlight.current = processing;
      HangUpWatch watch = HangUpWatch.start(exchange);
      processing.whenComplete((response, failure) -> {
        inFlight.current = null;
        if (watch == null) {
          finish(exchange, response, failure, start);
        } else {
          watch.stop(() -> finish(exchange, response, failure, start));
        }
      });
    });
  }

  private void finish(HttpServerExchange exchange, GatewayResponse response, Throwable failure, long start) {
    if (failure instanceof CancellationException) {
      metrics.request(CLIENT_CLOSED_REQUEST, System.nanoTime() - start);
      exchange.endExchange();
      return;
    }
    GatewayResponse answer = failure == null ? response
        : new GatewayResponse(500, errorBody("internal gateway error", "INTERNAL_SERVER_ERROR"));
    reply(exchange, answer);
    metrics.request(answer.status(), System.nanoTime() - start);
  }

  /** The request a connection is waiting for (HTTP/1.1: one at a time). */
  private static final class InFlight {
    volatile CompletableFuture<?> current;
  }

  /**
   * A client that disconnects before its answer cancels its request, and with it the subgraph calls in flight; one
   * close listener per connection, however many requests it carries.
   */
  private static InFlight inFlight(ServerConnection connection) {
    InFlight inFlight = connection.getAttachment(IN_FLIGHT);
    if (inFlight == null) {
      InFlight created = new InFlight();
      connection.putAttachment(IN_FLIGHT, created);
      connection.addCloseListener(c -> {
        CompletableFuture<?> current = created.current;
        if (current != null) {
          current.cancel(true);
        }
      });
      inFlight = created;
    }
    return inFlight;
  }

  /** A bug must still produce a GraphQL error body, never a stack trace or a dropped connection. */
  private CompletableFuture<GatewayResponse> process(GraphQLRequest request) {
    try {
      return pipeline.process(request);
    } catch (RuntimeException e) {
      System.err.println("[gateway] request failed: " + e);
      return CompletableFuture.failedFuture(e);
    }
  }

  private void reply(HttpServerExchange exchange, GatewayResponse response) {
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    boolean graphqlResponse = accept != null && accept.contains(GRAPHQL_RESPONSE);
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(response.body());
    } catch (IOException e) {
      body = "{\"errors\":[{\"message\":\"cannot serialise the response\"}]}".getBytes(StandardCharsets.UTF_8);
    }
    int status = response.status();
    // application/json clients always get 200 for well-formed GraphQL responses (GraphQL over HTTP, legacy mode)
    if (!graphqlResponse && status == 400 && response.body().has("errors")) {
      status = 200;
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, (graphqlResponse ? GRAPHQL_RESPONSE : "application/json") + "; charset=utf-8");
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  private void page(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache"); // it names the current asset versions
    exchange.getResponseSender().send(ByteBuffer.wrap(queryPage));
  }

  private void health(HttpServerExchange exchange) {
    boolean up = ready.getAsBoolean();
    exchange.setStatusCode(up ? 200 : 503);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }

  /** CORS preflight: allowed origins may POST JSON with any request headers they announce. */
  private static void preflight(HttpServerExchange exchange, boolean allowed) {
    exchange.setStatusCode(StatusCodes.NO_CONTENT);
    if (allowed) {
      exchange.getResponseHeaders().put(HttpString.tryFromString("Access-Control-Allow-Methods"), "GET, POST, OPTIONS");
      String requested = exchange.getRequestHeaders().getFirst(HttpString.tryFromString("Access-Control-Request-Headers"));
      exchange.getResponseHeaders().put(HttpString.tryFromString("Access-Control-Allow-Headers"),
          requested == null ? "content-type" : requested);
      exchange.getResponseHeaders().put(HttpString.tryFromString("Access-Control-Max-Age"), "600");
    }
    exchange.endExchange();
  }

  /** The propagated client headers, then the verified caller's (the policy never propagates caller headers). */
  private Map<String, String> subgraphHeaders(HttpServerExchange exchange) {
    Map<String, String> caller = exchange.getAttachment(CALLER_HEADERS);
    if (policy.propagatedHeaders().isEmpty()) {
      return caller == null ? Map.of() : caller;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : policy.propagatedHeaders()) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    if (caller != null) {
      out.putAll(caller);
    }
    return out;
  }

  /** {@code extensions.persistedQuery.sha256Hash} (version 1), or null. */
  private static String persistedHash(JsonNode extensions) {
    JsonNode hash = extensions == null ? null : extensions.path("persistedQuery").get("sha256Hash");
    return hash != null && hash.isTextual() ? hash.asText() : null;
  }

  private static boolean wantsPlan(HttpServerExchange exchange) {
    return "true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(HttpString.tryFromString(PLAN_HEADER)));
  }

  private static Set<String> labels(HttpServerExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst(HttpString.tryFromString(LABELS_HEADER));
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  private static String param(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private ObjectNode errorBody(String message, String code) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode e = body.putArray("errors").addObject().put("message", message);
    e.putObject("extensions").put("code", code);
    return body;
  }

  private static byte[] loadPage() {
    try (InputStream in = GatewayServer.class.getResourceAsStream("query-page.html")) {
      if (in == null) {
        throw new IllegalStateException("query-page.html is missing from the gateway jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{GRAPHIQL}}", GraphiqlAssets.GRAPHIQL)
          .replace("{{REACT}}", GraphiqlAssets.REACT).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read query-page.html", e);
    }
  }
}
