package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Children run one after another; each sees the results merged by the previous ones. */
public record SequenceNode(List<PlanNode> nodes) implements PlanNode {

  @Override
  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "Sequence");
    nodes.forEach(n -> o.withArray("nodes").add(n.toJson(json)));
    return o;
  }
}
