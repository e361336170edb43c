package io.streamplane.federation.supergraph;

import java.util.Map;

/** One subgraph extracted from the supergraph: its name (from {@code join__graph}, never the enum value), URL and types. */
public record Subgraph(String name, String url, Map<String, SubgraphType> types) {

  public SubgraphType type(String typeName) {
    return types.get(typeName);
  }
}
