package io.streamplane.gateway.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.execute.SubgraphCaller;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Records the latency and failures of every subgraph call made through {@code delegate}. */
public record MeteredSubgraphCaller(SubgraphCaller delegate, GatewayMetrics metrics) implements SubgraphCaller {

  @Override
  public CompletableFuture<ObjectNode> call(String subgraph, ObjectNode request, Map<String, String> headers) {
    long start = System.nanoTime();
    return delegate.call(subgraph, request, headers)
        .whenComplete((response, failure) -> metrics.fetch(subgraph, System.nanoTime() - start, failure != null));
  }
}
