package io.streamplane.federation.supergraph;

import graphql.schema.GraphQLSchema;
import java.util.Map;

/**
 * A parsed supergraph: the per-subgraph models the planner works on, the supergraph's own type table, and the API
 * schema clients are validated against (no join/link machinery, no {@code @inaccessible} elements).
 *
 * @param subgraphs by subgraph name, in {@code join__Graph} order
 * @param types every type of the supergraph by name, machinery excluded
 * @param rootTypes operation kind ("query", "mutation", "subscription") to root type name
 */
public record Supergraph(Map<String, Subgraph> subgraphs, Map<String, SupergraphType> types,
                         Map<String, String> rootTypes, GraphQLSchema apiSchema) {

  public SupergraphType type(String name) {
    return types.get(name);
  }

  public Subgraph subgraph(String name) {
    return subgraphs.get(name);
  }
}
