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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a validated document into a {@link NormalizedOperation}: fragments inlined, {@code @skip/@include} evaluated
 * against the (coerced) variables. Those variables' values are therefore part of the plan-cache key.
 */
public final class OperationNormalizer {

  private final Map<String, FragmentDefinition> fragments;
  private final Map<String, Object> variables;

  private OperationNormalizer(Document document, Map<String, Object> variables) {
    this.fragments = new java.util.HashMap<>();
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    this.variables = variables;
  }

  public static NormalizedOperation normalize(Document document, OperationDefinition op, Map<String, Object> variables) {
    OperationNormalizer n = new OperationNormalizer(document, variables);
    return new NormalizedOperation(op.getOperation().name().toLowerCase(java.util.Locale.ROOT), op.getName(),
        n.selections(op.getSelectionSet()), op.getVariableDefinitions());
  }

  /** The variables that a {@code @skip/@include} of the document reads: their values decide the plan's shape. */
  public static Set<String> conditionVariables(Document document) {
    Set<String> out = new TreeSet<>();
    collectConditionVariables(document.getChildren(), out);
    return out;
  }

  private static void collectConditionVariables(List<graphql.language.Node> nodes, Set<String> out) {
    for (graphql.language.Node<?> node : nodes) {
      if (node instanceof Directive d && (d.getName().equals("skip") || d.getName().equals("include"))
          && d.getArgument("if") != null && d.getArgument("if").getValue() instanceof VariableReference v) {
        out.add(v.getName());
      }
      collectConditionVariables(node.getChildren(), out);
    }
  }

  private List<Sel> selections(SelectionSet set) {
    List<Sel> out = new ArrayList<>();
    if (set == null) {
      return out;
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        if (included(f.getDirectives())) {
          out.add(new FieldSel(f.getAlias() != null ? f.getAlias() : f.getName(), f.getName(), f.getArguments(),
              selections(f.getSelectionSet())));
        }
      } else if (s instanceof InlineFragment in) {
        if (included(in.getDirectives())) {
          out.add(new FragmentSel(in.getTypeCondition() == null ? null : in.getTypeCondition().getName(),
              selections(in.getSelectionSet())));
        }
      } else if (s instanceof FragmentSpread spread && included(spread.getDirectives())) {
        FragmentDefinition def = fragments.get(spread.getName());
        out.add(new FragmentSel(def.getTypeCondition().getName(), selections(def.getSelectionSet())));
      }
    }
    return out;
  }

  private boolean included(List<Directive> directives) {
    for (Directive d : directives) {
      if (d.getName().equals("skip") && condition(d)) {
        return false;
      }
      if (d.getName().equals("include") && !condition(d)) {
        return false;
      }
    }
    return true;
  }

  private boolean condition(Directive d) {
    Value<?> v = d.getArgument("if").getValue();
    if (v instanceof BooleanValue b) {
      return b.isValue();
    }
    Object value = variables.get(((VariableReference) v).getName());
    return Boolean.TRUE.equals(value);
  }
}
