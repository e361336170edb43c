package io.streamplane.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.execute.SubgraphCallException;
import io.streamplane.gateway.execute.SubgraphCaller;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Calls subgraphs over HTTP/1.1 keep-alive; each subgraph has its own timeout. A call blocks one thread of a bounded
 * pool for its duration (subgraph calls are short), which costs less CPU than an asynchronous client's hand-offs.
 */
public final class HttpSubgraphCaller implements SubgraphCaller, AutoCloseable {

  private static final int MAX_CONCURRENT_CALLS = 512;

  private final Http1Client client = new Http1Client();
  private final ThreadPoolExecutor threads;
  private final ObjectMapper mapper;
  private final Function<String, String> urls;
  private final Map<String, Duration> timeouts;
  private final Duration defaultTimeout;

  public HttpSubgraphCaller(ObjectMapper mapper, Function<String, String> urls, Map<String, Duration> timeouts, Duration defaultTimeout) {
    this.mapper = mapper;
    this.urls = urls;
    this.timeouts = timeouts;
    this.defaultTimeout = defaultTimeout;
    AtomicInteger n = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(0, MAX_CONCURRENT_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "subgraph-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletableFuture<ObjectNode> call(String subgraph, ObjectNode request, Map<String, String> headers) {
    String url = urls.apply(subgraph);
    if (url == null || url.isBlank()) {
      return CompletableFuture.failedFuture(new SubgraphCallException("SUBREQUEST_HTTP_ERROR", "no URL for subgraph " + subgraph));
    }
    Duration timeout = timeouts.getOrDefault(subgraph, defaultTimeout);
    CompletableFuture<ObjectNode> result = new CompletableFuture<>();
    Http1Client.Abort abort = new Http1Client.Abort();
    result.whenComplete((response, failure) -> {
      if (failure instanceof CancellationException) {
        abort.abort(); // the client went away: free the thread and tell the subgraph by closing the connection
      }
    });
    try {
      threads.execute(() -> {
        try {
          result.complete(send(url, request, headers, timeout, abort));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new SubgraphCallException("SUBREQUEST_HTTP_ERROR",
          "the gateway has " + MAX_CONCURRENT_CALLS + " subgraph calls in flight already"));
    }
    return result;
  }

  private ObjectNode send(String url, ObjectNode request, Map<String, String> headers, Duration timeout, Http1Client.Abort abort) {
    Http1Client.Response response;
    try {
      response = client.post(url, mapper.writeValueAsBytes(request), headers, timeout.toMillis(), abort);
    } catch (Http1Client.DeadlineException | SocketTimeoutException e) {
      throw new SubgraphCallException("SUBREQUEST_TIMEOUT", "timed out after " + timeout.toMillis() + " ms");
    } catch (IOException | IllegalArgumentException e) {
      throw new SubgraphCallException("SUBREQUEST_HTTP_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    JsonNode json;
    try {
      json = response.body().length == 0 ? null : mapper.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (json instanceof ObjectNode o && (o.has("data") || o.has("errors"))) {
      return o;
    }
    if (response.status() != 200) {
      throw new SubgraphCallException("SUBREQUEST_HTTP_ERROR", "HTTP " + response.status());
    }
    throw new SubgraphCallException("SUBREQUEST_MALFORMED_RESPONSE", "the response is not a GraphQL response");
  }

  @Override
  public void close() {
    threads.shutdownNow();
    client.close();
  }
}
