package io.streamplane.federation.supergraph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named type as one subgraph sees it.
 *
 * @param interfaceObject the subgraph models a supergraph interface as an object type ({@code @interfaceObject})
 * @param members for a union, its members in this subgraph; for an interface, the object types implementing it here
 */
public record SubgraphType(String name, TypeKind kind, List<EntityKey> keys, boolean interfaceObject,
                           Map<String, SubgraphField> fields, Set<String> interfaces, Set<String> members) {

  public boolean isEntity() {
    return !keys.isEmpty();
  }

  public boolean hasResolvableKey() {
    return keys.stream().anyMatch(EntityKey::resolvable);
  }
}
