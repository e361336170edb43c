package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plan for one operation: its node tree (null when only local fields such as {@code __typename} are asked), and its
 * size: number of subgraph fetches and of sequential stages.
 */
public record QueryPlan(PlanNode node, NormalizedOperation operation, int fetches, int stages) {

  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "QueryPlan");
    if (node != null) {
      o.set("node", node.toJson(json));
    }
    return o;
  }
}
