package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs {@code ifClause} when the boolean variable {@code condition} is true, else {@code elseClause}; either may be
 * null (nothing to run). Wraps the fetches whose every field sits under one {@code @skip/@include} variable.
 */
public record ConditionNode(String condition, PlanNode ifClause, PlanNode elseClause) implements PlanNode {

  @Override
  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "Condition").put("condition", condition);
    if (ifClause != null) {
      o.set("ifClause", ifClause.toJson(json));
    }
    if (elseClause != null) {
      o.set("elseClause", elseClause.toJson(json));
    }
    return o;
  }
}
