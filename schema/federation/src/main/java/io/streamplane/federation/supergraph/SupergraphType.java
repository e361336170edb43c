package io.streamplane.federation.supergraph;

import java.util.Map;
import java.util.Set;

/**
 * A named type of the supergraph (including {@code @inaccessible} ones, which the planner may still need).
 *
 * @param fields field name to supergraph type in SDL notation, in declaration order
 * @param possibleTypes for abstract types, every object type that can be returned for it
 */
public record SupergraphType(String name, TypeKind kind, Map<String, String> fields, Set<String> possibleTypes) {}
