package io.streamplane.gateway.plan;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The selection set of a subgraph operation while it is being built. Fields merge by response key and fragments by
 * type condition, so a field added twice (a key needed by two jumps, one entity reached from two parents) is sent once.
 */
final class SubgraphSelection {

  private final Map<String, Object> items = new LinkedHashMap<>();

  record FieldItem(String responseKey, String name, List<Argument> arguments, SubgraphSelection children) {}

  record FragmentItem(String typeCondition, SubgraphSelection children) {}

  SubgraphSelection field(String responseKey, String name, List<Argument> arguments, boolean composite) {
    Object existing = items.get(responseKey);
    if (existing instanceof FieldItem f) {
      return f.children();
    }
    FieldItem f = new FieldItem(responseKey, name, arguments, composite ? new SubgraphSelection() : null);
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
        SubgraphSelection mine = field(f.responseKey(), f.name(), f.arguments(), f.children() != null);
        if (f.children() != null) {
          mine.mergeFrom(f.children());
        }
      } else {
        FragmentItem fr = (FragmentItem) item;
        fragment(fr.typeCondition()).mergeFrom(fr.children());
      }
    }
  }

  void print(StringBuilder out) {
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
        if (f.children() != null) {
          f.children().print(out);
        }
      } else {
        FragmentItem fr = (FragmentItem) item;
        out.append("...on ").append(fr.typeCondition());
        fr.children().print(out);
      }
    }
    out.append('}');
  }
}
