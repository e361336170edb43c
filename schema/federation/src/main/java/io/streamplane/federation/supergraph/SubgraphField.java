package io.streamplane.federation.supergraph;

/**
 * A field as one subgraph declares it.
 *
 * @param type the subgraph-local type in SDL notation (nullability may differ from the supergraph)
 * @param external declared but not resolvable here (only usable as key/requires input or when provided)
 * @param requires fields of the parent that must be sent along in the representation, or null
 * @param provides fields of the returned type this subgraph resolves under this field only, or null
 * @param overrideFrom the subgraph this field was taken over from, or null
 * @param overrideLabel progressive override label guarding {@code overrideFrom}, or null
 * @param overridden this subgraph lost the field to an unlabelled {@code @override}
 */
public record SubgraphField(String name, String type, boolean external, FieldSet requires, FieldSet provides,
                            String overrideFrom, String overrideLabel, boolean overridden) {}
