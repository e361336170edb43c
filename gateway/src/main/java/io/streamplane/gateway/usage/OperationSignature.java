package io.streamplane.gateway.usage;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The normalised text of one operation, in the manner of Apollo's operation signature, so that the same operation
 * counts once however a client spells it: comments and insignificant whitespace go (the document is printed from its
 * syntax tree), literals become empty values ({@code 0}, {@code ""}, {@code []}, {@code {}}; booleans, enums and
 * null are kept, they select behaviour rather than data), aliases go, fields, arguments, directives, variables and
 * fragments are sorted, and only the operation and the fragments it uses are kept. The operation name is the first
 * line.
 */
public final class OperationSignature {

  private final Map<String, FragmentDefinition> fragments = new HashMap<>();
  private final Map<String, String> printedFragments = new TreeMap<>();

  private OperationSignature(Document document) {
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
  }

  /** The signature of {@code operation}, a member of {@code document}. */
  public static String of(Document document, OperationDefinition operation) {
    OperationSignature signature = new OperationSignature(document);
    String body = signature.operation(operation);
    StringBuilder out = new StringBuilder("# ").append(operation.getName() == null ? "-" : operation.getName())
        .append('\n').append(body);
    signature.printedFragments.values().forEach(f -> out.append(' ').append(f));
    return out.toString();
  }

  private String operation(OperationDefinition op) {
    StringBuilder out = new StringBuilder(op.getOperation().name().toLowerCase());
    if (op.getName() != null) {
      out.append(' ').append(op.getName());
    }
    List<VariableDefinition> variables = new ArrayList<>(op.getVariableDefinitions());
    variables.sort(Comparator.comparing(VariableDefinition::getName));
    if (!variables.isEmpty()) {
      List<String> printed = new ArrayList<>();
      for (VariableDefinition v : variables) {
        String text = "$" + v.getName() + ":" + type(v.getType());
        if (v.getDefaultValue() != null) {
          text += "=" + value(v.getDefaultValue());
        }
        printed.add(text + directives(v.getDirectives()));
      }
      out.append('(').append(String.join(",", printed)).append(')');
    }
    return out.append(directives(op.getDirectives())).append(selections(op.getSelectionSet())).toString();
  }

  private String selections(SelectionSet set) {
    if (set == null || set.getSelections().isEmpty()) {
      return "";
    }
    List<String> printed = new ArrayList<>();
    for (Selection<?> selection : set.getSelections()) {
      printed.add(selection(selection));
    }
    // fields first, then spreads, then inline fragments, each alphabetically: the order a client wrote is irrelevant
    printed.sort(Comparator.comparingInt(OperationSignature::kindOrder).thenComparing(Comparator.naturalOrder()));
    return "{" + String.join(" ", printed) + "}";
  }

  private static int kindOrder(String printed) {
    return printed.startsWith("...on ") || printed.startsWith("...@") || printed.startsWith("...{") ? 2
        : printed.startsWith("...") ? 1 : 0;
  }

  private String selection(Selection<?> selection) {
    if (selection instanceof Field field) {
      StringBuilder out = new StringBuilder(field.getName());  // aliases dropped
      List<Argument> arguments = new ArrayList<>(field.getArguments());
      arguments.sort(Comparator.comparing(Argument::getName));
      if (!arguments.isEmpty()) {
        List<String> printed = new ArrayList<>();
        arguments.forEach(a -> printed.add(a.getName() + ":" + value(a.getValue())));
        out.append('(').append(String.join(",", printed)).append(')');
      }
      return out.append(directives(field.getDirectives())).append(selections(field.getSelectionSet())).toString();
    }
    if (selection instanceof FragmentSpread spread) {
      fragment(spread.getName());
      return "..." + spread.getName() + directives(spread.getDirectives());
    }
    InlineFragment inline = (InlineFragment) selection;
    String on = inline.getTypeCondition() == null ? "" : "on " + inline.getTypeCondition().getName();
    return "..." + on + directives(inline.getDirectives()) + selections(inline.getSelectionSet());
  }

  private void fragment(String name) {
    FragmentDefinition fragment = fragments.get(name);
    if (fragment == null || printedFragments.containsKey(name)) {
      return;
    }
    printedFragments.put(name, "");  // marks it before recursing: fragment cycles are invalid but must not loop
    printedFragments.put(name, "fragment " + name + " on " + fragment.getTypeCondition().getName()
        + directives(fragment.getDirectives()) + selections(fragment.getSelectionSet()));
  }

  private String directives(List<Directive> directives) {
    if (directives.isEmpty()) {
      return "";
    }
    List<String> printed = new ArrayList<>();
    for (Directive d : directives) {
      List<Argument> arguments = new ArrayList<>(d.getArguments());
      arguments.sort(Comparator.comparing(Argument::getName));
      List<String> args = new ArrayList<>();
      arguments.forEach(a -> args.add(a.getName() + ":" + value(a.getValue())));
      printed.add("@" + d.getName() + (args.isEmpty() ? "" : "(" + String.join(",", args) + ")"));
    }
    printed.sort(Comparator.naturalOrder());
    return String.join("", printed);
  }

  /** Literals hidden: the same operation with other data is the same operation. */
  private static String value(Value<?> value) {
    if (value instanceof VariableReference v) {
      return "$" + v.getName();
    }
    if (value instanceof IntValue || value instanceof FloatValue) {
      return "0";
    }
    if (value instanceof StringValue) {
      return "\"\"";
    }
    if (value instanceof ArrayValue) {
      return "[]";
    }
    if (value instanceof ObjectValue) {
      return "{}";
    }
    if (value instanceof BooleanValue b) {
      return Boolean.toString(b.isValue());
    }
    if (value instanceof EnumValue e) {
      return e.getName();
    }
    if (value instanceof NullValue) {
      return "null";
    }
    return "\"\"";
  }

  private static String type(Type<?> type) {
    if (type instanceof NonNullType nn) {
      return type(nn.getType()) + "!";
    }
    if (type instanceof ListType list) {
      return "[" + type(list.getType()) + "]";
    }
    return ((TypeName) type).getName();
  }
}
