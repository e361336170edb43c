package io.streamplane.gateway.plan;

import graphql.language.VariableDefinition;
import java.util.List;

/**
 * The operation the planner and the result shaper work on.
 *
 * @param kind "query", "mutation" or "subscription"
 * @param name the operation name, or null when anonymous
 */
public record NormalizedOperation(String kind, String name, List<Sel> selections, List<VariableDefinition> variables) {}
