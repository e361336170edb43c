package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One request to one subgraph. Without {@code representations} it is a root fetch merged at the top of the response;
 * with them it is an {@code _entities} fetch whose inputs are built per type from the objects at its Flatten paths.
 */
public record FetchNode(String serviceName, String operation, String operationName, String operationKind,
                        List<String> variableUsages, Map<String, RepShape> representations) implements PlanNode {

  public boolean isEntityFetch() {
    return !representations.isEmpty();
  }

  @Override
  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "Fetch").put("serviceName", serviceName);
    ArrayNode vars = o.putArray("variableUsages");
    variableUsages.forEach(vars::add);
    if (isEntityFetch()) {
      ArrayNode requires = o.putArray("requires");
      representations.forEach((type, shape) -> {
        ObjectNode frag = requires.addObject().put("kind", "InlineFragment").put("typeCondition", type);
        ArrayNode sels = frag.putArray("selections");
        sels.addObject().put("kind", "Field").put("name", "__typename");
        shape.keyFields().forEach(f -> sels.add(fieldJson(json, f)));
        shape.requiredFields().forEach(f -> sels.add(fieldJson(json, f)));
      });
    }
    o.put("operation", operation).put("operationKind", operationKind);
    if (operationName != null) {
      o.put("operationName", operationName);
    }
    return o;
  }

  private static ObjectNode fieldJson(JsonNodeFactory json, RepField f) {
    ObjectNode o = json.objectNode().put("kind", "Field").put("name", f.name());
    if (!f.children().isEmpty()) {
      ArrayNode sels = o.putArray("selections");
      f.children().forEach(c -> sels.add(fieldJson(json, c)));
    }
    return o;
  }
}
