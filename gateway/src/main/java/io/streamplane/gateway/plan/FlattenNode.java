package io.streamplane.gateway.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An entity fetch applied at one or more paths of the response ({@code "@"} = every element of a list). Several
 * paths arise when fetches of the same subgraph at the same stage were merged into one request.
 */
public record FlattenNode(List<List<String>> paths, FetchNode node) implements PlanNode {

  @Override
  public ObjectNode toJson(JsonNodeFactory json) {
    ObjectNode o = json.objectNode().put("kind", "Flatten");
    if (paths.size() == 1) {
      ArrayNode p = o.putArray("path");
      paths.get(0).forEach(p::add);
    } else {
      ArrayNode all = o.putArray("paths");
      for (List<String> path : paths) {
        ArrayNode p = all.addArray();
        path.forEach(p::add);
      }
    }
    o.set("node", node.toJson(json));
    return o;
  }
}
