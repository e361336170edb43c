package io.streamplane.gateway.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.execute.SubgraphCaller;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** Records the latency and failures of every subgraph call made through {@code delegate}; cancelling a call cancels the delegate's. */
public record MeteredSubgraphCaller(SubgraphCaller delegate, GatewayMetrics metrics) implements SubgraphCaller {

  @Override
  public CompletableFuture<ObjectNode> call(String subgraph, ObjectNode request, Map<String, String> headers) {
    long start = System.nanoTime();
    CompletableFuture<ObjectNode> call = delegate.call(subgraph, request, headers);
    CompletableFuture<ObjectNode> metered = call.whenComplete((response, failure) -> {
      if (!(failure instanceof CancellationException)) { // a call the client no longer waits for is no subgraph failure
        metrics.fetch(subgraph, System.nanoTime() - start, failure != null);
      }
    });
    metered.whenComplete((response, failure) -> {
      if (failure instanceof CancellationException) {
        call.cancel(true);
      }
    });
    return metered;
  }
}
