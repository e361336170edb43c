package io.streamplane.federation.supergraph;

/** One {@code @key} of a type in one subgraph; a non-resolvable key can be sent from but never jumped into. */
public record EntityKey(FieldSet fields, boolean resolvable) {}
