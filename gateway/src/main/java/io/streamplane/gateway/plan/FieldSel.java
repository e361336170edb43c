package io.streamplane.gateway.plan;

import graphql.language.Argument;
import java.util.List;
import java.util.Map;

/**
 * A field of the client operation; empty {@code selections} means a leaf. {@code conditions} are the variable
 * {@code @skip/@include} on the field and on the fragments around it (all must hold); literal ones were applied already.
 */
public record FieldSel(String responseKey, String name, List<Argument> arguments, List<Sel> selections,
                       List<VariableCondition> conditions) implements Sel {

  /** A field the planner adds (keys, required fields): never conditional. */
  public FieldSel(String responseKey, String name, List<Argument> arguments, List<Sel> selections) {
    this(responseKey, name, arguments, selections, List.of());
  }

  public boolean included(Map<String, Object> variables) {
    for (VariableCondition c : conditions) {
      if (!c.holds(variables)) {
        return false;
      }
    }
    return true;
  }
}
