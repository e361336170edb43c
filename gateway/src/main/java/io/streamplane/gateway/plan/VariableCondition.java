package io.streamplane.gateway.plan;

import java.util.Map;

/**
 * A {@code @skip/@include} that reads a variable: the selection counts only when the variable's value is
 * {@code whenTrue ? true : false} ({@code @include(if: $v)} is {@code (v, true)}, {@code @skip(if: $v)} is {@code (v, false)}).
 * Kept in plans as data, so one cached plan serves every value of the variable.
 */
public record VariableCondition(String variable, boolean whenTrue) implements Comparable<VariableCondition> {

  public boolean holds(Map<String, Object> variables) {
    return Boolean.TRUE.equals(variables.get(variable)) == whenTrue;
  }

  /** The directive that expresses this condition in a subgraph operation. */
  String directive() {
    return (whenTrue ? "@include(if:$" : "@skip(if:$") + variable + ")";
  }

  @Override
  public int compareTo(VariableCondition o) {
    int c = variable.compareTo(o.variable);
    return c != 0 ? c : Boolean.compare(whenTrue, o.whenTrue);
  }
}
