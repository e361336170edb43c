package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A node of a query plan; serialises to the JSON shape Apollo's planners use ({@code kind: Fetch|Flatten|Sequence|Parallel|Condition}). */
public sealed interface PlanNode permits FetchNode, FlattenNode, SequenceNode, ParallelNode, ConditionNode {

  ObjectNode toJson(JsonNodeFactory json);
}
