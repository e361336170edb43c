package io.streamplane.gateway.plan;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The selection set of a subgraph operation while it is being built. Fields merge by response key and fragments by
 * type condition, so a field added twice (a key needed by two jumps, one entity reached from two parents) is sent once.
 * A field keeps the client's {@code @skip/@include} variables that all its occurrences share, so the subgraph skips it.
 */
final class SubgraphSelection {

  private final Map<String, Object> items = new LinkedHashMap<>();

  record FieldItem(String responseKey, String name, List<Argument> arguments, SubgraphSelection children,
                   List<VariableCondition> conditions) {}

  record FragmentItem(String typeCondition, SubgraphSelection children) {}

  SubgraphSelection field(String responseKey, String name, List<Argument> arguments, boolean composite) {
    return field(responseKey, name, arguments, composite, List.of());
  }

  SubgraphSelection field(String responseKey, String name, List<Argument> arguments, boolean composite,
                          List<VariableCondition> conditions) {
    Object existing = items.get(responseKey);
    if (existing instanceof FieldItem f) {
      if (!f.conditions().isEmpty() && !conditions.containsAll(f.conditions())) {
        // fetched whenever any occurrence is: keep only the conditions they share
        items.put(responseKey, new FieldItem(f.responseKey(), f.name(), f.arguments(), f.children(),
            f.conditions().stream().filter(conditions::contains).toList()));
      }
      return f.children();
    }
    FieldItem f = new FieldItem(responseKey, name, arguments, composite ? new SubgraphSelection() : null, conditions);
    items.put(responseKey, f);
    return f.children();
  }

  SubgraphSelection fragment(String typeCondition) {
    Object existing = items.get("... on " + typeCondition);
    if (existing instanceof FragmentItem f) {
      return f.children();
    }
    FragmentItem f = new FragmentItem(typeCondition, new SubgraphSelection());
    items.put("... on " + typeCondition, f);
    return f.children();
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  void mergeFrom(SubgraphSelection other) {
    for (Object item : other.items.values()) {
      if (item instanceof FieldItem f) {
        SubgraphSelection mine = field(f.responseKey(), f.name(), f.arguments(), f.children() != null, f.conditions());
        if (f.children() != null) {
          mine.mergeFrom(f.children());
        }
      } else {
        FragmentItem fr = (FragmentItem) item;
        fragment(fr.typeCondition()).mergeFrom(fr.children());
      }
    }
  }

  /** Prints the selection set; variables read by the printed {@code @skip/@include} are added to {@code variables}. */
  void print(StringBuilder out, Set<String> variables) {
    if (items.isEmpty()) {
      out.append("{__typename}"); // every client field was skipped: a selection set may not be empty
      return;
    }
    out.append('{');
    boolean first = true;
    for (Object item : items.values()) {
      if (!first) {
        out.append(' ');
      }
      first = false;
      if (item instanceof FieldItem f) {
        if (!f.responseKey().equals(f.name())) {
          out.append(f.responseKey()).append(':');
        }
        out.append(f.name());
        if (!f.arguments().isEmpty()) {
          out.append('(');
          for (int i = 0; i < f.arguments().size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            Argument a = f.arguments().get(i);
            out.append(a.getName()).append(':').append(AstPrinter.printAstCompact(a.getValue()));
          }
          out.append(')');
        }
        for (VariableCondition c : f.conditions()) {
          out.append(' ').append(c.directive());
          variables.add(c.variable());
        }
        if (f.children() != null) {
          f.children().print(out, variables);
        }
      } else {
        FragmentItem fr = (FragmentItem) item;
        out.append("...on ").append(fr.typeCondition());
        fr.children().print(out, variables);
      }
    }
    out.append('}');
  }
}
