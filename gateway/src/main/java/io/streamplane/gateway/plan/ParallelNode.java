package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Children are independent and run concurrently. */
public record ParallelNode(List<PlanNode> nodes) implements PlanNode {

  @Override
  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "Parallel");
    nodes.forEach(n -> o.withArray("nodes").add(n.toJson(json)));
    return o;
  }
}
