package io.streamplane.gateway.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends one GraphQL request ({@code query}, {@code operationName}, {@code variables}) to a subgraph. */
@FunctionalInterface
public interface SubgraphCaller {

  /**
   * Completes with the subgraph's GraphQL response, or exceptionally with a {@link SubgraphCallException};
   * {@code headers} are sent along (propagated from the client request).
   */
  CompletableFuture<ObjectNode> call(String subgraph, ObjectNode request, Map<String, String> headers);
}
