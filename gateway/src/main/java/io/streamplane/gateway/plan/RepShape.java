package io.streamplane.gateway.plan;

import java.util.List;

/**
 * How to build the representation of one entity type for an {@code _entities} call. An object whose key fields are
 * missing or null yields no representation (its entity cannot be looked up); required fields may be null.
 *
 * @param typename the {@code __typename} to send, when it differs from the object's own: an {@code @interfaceObject}
 *     subgraph knows the interface, not the implementation; null sends the object's type
 */
public record RepShape(List<RepField> keyFields, List<RepField> requiredFields, String typename) {}
