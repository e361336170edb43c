package io.streamplane.gateway.plan;

import java.util.List;

/**
 * A field of an entity representation: read from {@code dataKey} of the fetched object (a reserved planner alias at
 * the top level) and sent under its real {@code name}.
 */
public record RepField(String dataKey, String name, List<RepField> children) {}
