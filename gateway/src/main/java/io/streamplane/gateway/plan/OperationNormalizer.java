package io.streamplane.gateway.plan;

import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a validated document into a {@link NormalizedOperation}: fragments inlined, literal {@code @skip/@include}
 * applied, variable ones kept as {@link VariableCondition}s on the fields they cover (a fragment's conditions move down
 * to its fields). The result does not depend on variable values, so neither does the plan built from it.
 */
public final class OperationNormalizer {

  private final Map<String, FragmentDefinition> fragments = new HashMap<>();

  private OperationNormalizer(Document document) {
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
  }

  public static NormalizedOperation normalize(Document document, OperationDefinition op) {
    OperationNormalizer n = new OperationNormalizer(document);
    return new NormalizedOperation(op.getOperation().name().toLowerCase(java.util.Locale.ROOT), op.getName(),
        n.selections(op.getSelectionSet(), List.of()), op.getVariableDefinitions());
  }

  private List<Sel> selections(SelectionSet set, List<VariableCondition> around) {
    List<Sel> out = new ArrayList<>();
    if (set == null) {
      return out;
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        List<VariableCondition> conditions = conditions(f.getDirectives(), around);
        if (conditions != null) {
          out.add(new FieldSel(f.getAlias() != null ? f.getAlias() : f.getName(), f.getName(), f.getArguments(),
              selections(f.getSelectionSet(), List.of()), conditions));
        }
      } else if (s instanceof InlineFragment in) {
        List<VariableCondition> conditions = conditions(in.getDirectives(), around);
        if (conditions != null) {
          out.add(new FragmentSel(in.getTypeCondition() == null ? null : in.getTypeCondition().getName(),
              selections(in.getSelectionSet(), conditions)));
        }
      } else if (s instanceof FragmentSpread spread) {
        List<VariableCondition> conditions = conditions(spread.getDirectives(), around);
        if (conditions != null) {
          FragmentDefinition def = fragments.get(spread.getName());
          out.add(new FragmentSel(def.getTypeCondition().getName(), selections(def.getSelectionSet(), conditions)));
        }
      }
    }
    return out;
  }

  /** {@code around} plus the variable conditions of {@code directives}; null when a literal one excludes the selection. */
  private static List<VariableCondition> conditions(List<Directive> directives, List<VariableCondition> around) {
    List<VariableCondition> out = null;
    for (Directive d : directives) {
      boolean include = d.getName().equals("include");
      if (!include && !d.getName().equals("skip")) {
        continue;
      }
      Value<?> v = d.getArgument("if").getValue();
      if (v instanceof BooleanValue b) {
        if (b.isValue() != include) {
          return null;
        }
      } else {
        VariableCondition c = new VariableCondition(((VariableReference) v).getName(), include);
        if (out == null) {
          out = new ArrayList<>(around);
        }
        if (!out.contains(c)) {
          out.add(c);
        }
      }
    }
    return out == null ? around : List.copyOf(out);
  }
}
