package io.streamplane.gateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import graphql.schema.GraphQLInterfaceType;
import io.streamplane.gateway.plan.FieldSel;
import io.streamplane.gateway.plan.FragmentSel;
import io.streamplane.gateway.plan.NormalizedOperation;
import io.streamplane.gateway.plan.Sel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final pass: walks the client's operation over the merged data and produces exactly the requested shape (client
 * response keys, field order, {@code __typename}); planner-added fields are never copied. A null in a non-null position
 * bubbles to the nearest nullable parent, with one error per path unless an error already covers that path.
 */
public final class ResultShaper {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final GraphQLSchema schema;
  private final Map<String, Object> variables;
  private final List<ObjectNode> errors;
  private final List<List<Object>> errorPaths = new ArrayList<>();
  private final List<Object> path = new ArrayList<>();

  private ResultShaper(GraphQLSchema schema, Map<String, Object> variables, List<ObjectNode> errors) {
    this.schema = schema;
    this.variables = variables;
    this.errors = new ArrayList<>(errors);
    for (ObjectNode e : errors) {
      if (e.get("path") instanceof ArrayNode p) {
        List<Object> list = new ArrayList<>();
        p.forEach(x -> list.add(x.isInt() ? (Object) x.asInt() : x.asText()));
        errorPaths.add(list);
      }
    }
  }

  /**
   * Returns {@code {"data": …, "errors": […]}} (errors only when there are some); {@code variables} (coerced, with
   * defaults) decide the operation's {@code @skip/@include}.
   */
  public static ObjectNode shape(GraphQLSchema schema, NormalizedOperation op, Map<String, Object> variables, ExecutionOutcome outcome) {
    ResultShaper shaper = new ResultShaper(schema, variables, outcome.errors());
    GraphQLObjectType root = switch (op.kind()) {
      case "mutation" -> schema.getMutationType();
      case "subscription" -> schema.getSubscriptionType();
      default -> schema.getQueryType();
    };
    JsonNode data = shaper.completeObject(root, outcome.data(), op.selections());
    ObjectNode response = JSON.objectNode();
    response.set("data", data);
    if (!shaper.errors.isEmpty()) {
      ArrayNode arr = response.putArray("errors");
      shaper.errors.forEach(arr::add);
    }
    return response;
  }

  /** Returns NullNode when a non-null field of the object was null (the object itself becomes null). */
  /** One response key of an object type: the field it reads and the merged sub-selections of all its occurrences. */
  private record CollectedField(String key, String name, GraphQLFieldDefinition definition, List<Sel> selections, String coordinate) {}

  /** Field collection per (selection list, runtime type), reused for every object of a list. */
  private final Map<List<Sel>, Map<GraphQLObjectType, List<CollectedField>>> collected = new IdentityHashMap<>();

  private List<CollectedField> fieldsOf(GraphQLObjectType type, List<Sel> sels) {
    return collected.computeIfAbsent(sels, k -> new HashMap<>()).computeIfAbsent(type, t -> {
      Map<String, List<FieldSel>> byKey = new LinkedHashMap<>();
      collect(type, sels, byKey);
      List<CollectedField> out = new ArrayList<>();
      for (Map.Entry<String, List<FieldSel>> e : byKey.entrySet()) {
        FieldSel first = e.getValue().get(0);
        List<Sel> merged = new ArrayList<>();
        e.getValue().forEach(f -> merged.addAll(f.selections()));
        out.add(new CollectedField(e.getKey(), first.name(), type.getFieldDefinition(first.name()), merged,
            type.getName() + "." + first.name()));
      }
      return out;
    });
  }

  private JsonNode completeObject(GraphQLObjectType type, JsonNode value, List<Sel> sels) {
    ObjectNode out = JSON.objectNode();
    for (CollectedField f : fieldsOf(type, sels)) {
      String key = f.key();
      if (f.name().equals("__typename")) {
        out.put(key, type.getName());
        continue;
      }
      JsonNode raw = value.get(key);
      if (f.name().equals("__schema") || f.name().equals("__type")) {
        out.set(key, raw == null ? NullNode.instance : raw);
        continue;
      }
      path.add(key);
      JsonNode completed = complete(f.definition().getType(), raw, f.selections(), f.coordinate());
      path.remove(path.size() - 1);
      if (completed == null) {
        return NullNode.instance;
      }
      out.set(key, completed);
    }
    return out;
  }

  private void collect(GraphQLObjectType type, List<Sel> sels, Map<String, List<FieldSel>> into) {
    for (Sel s : sels) {
      if (s instanceof FieldSel f) {
        if (!f.included(variables)) {
          continue;
        }
        into.computeIfAbsent(f.responseKey(), k -> new ArrayList<>()).add(f);
      } else if (s instanceof FragmentSel fr && applies(fr.typeCondition(), type)) {
        collect(type, fr.selections(), into);
      }
    }
  }

  private boolean applies(String typeCondition, GraphQLObjectType type) {
    if (typeCondition == null || typeCondition.equals(type.getName())) {
      return true;
    }
    GraphQLType condition = schema.getType(typeCondition);
    if (condition instanceof GraphQLUnionType || condition instanceof GraphQLInterfaceType) {
      return schema.isPossibleType((graphql.schema.GraphQLNamedType) condition, type);
    }
    return false;
  }

  /** Java null = "a non-null position got null: propagate"; NullNode = a legal null. */
  private JsonNode complete(GraphQLOutputType type, JsonNode value, List<Sel> sels, String coordinate) {
    if (type instanceof GraphQLNonNull nn) {
      JsonNode inner = complete((GraphQLOutputType) nn.getWrappedType(), value, sels, coordinate);
      if (inner != null && inner.isNull()) {
        nullViolation(coordinate);
        return null;
      }
      return inner;
    }
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NullNode.instance;
    }
    if (type instanceof GraphQLList list) {
      if (!value.isArray()) {
        return NullNode.instance;
      }
      ArrayNode out = JSON.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        path.add(i);
        JsonNode item = complete((GraphQLOutputType) list.getWrappedType(), value.get(i), sels, coordinate);
        path.remove(path.size() - 1);
        if (item == null) {
          return NullNode.instance;
        }
        out.add(item);
      }
      return out;
    }
    if (!(type instanceof GraphQLCompositeType)) {
      if (validLeaf(type, value)) {
        return value;
      }
      recordError("Invalid value found for field " + coordinate + ".", "INVALID_VALUE");
      return NullNode.instance;
    }
    GraphQLObjectType runtime = type instanceof GraphQLObjectType o ? o : runtimeType((GraphQLNamedOutputType) type, value);
    if (runtime == null || !value.isObject()) {
      return NullNode.instance;
    }
    return completeObject(runtime, value, sels);
  }

  private GraphQLObjectType runtimeType(GraphQLNamedOutputType abstractType, JsonNode value) {
    JsonNode typename = value.get("__typename");
    if (typename == null || !(schema.getType(typename.asText()) instanceof GraphQLObjectType o)) {
      return null;
    }
    return schema.isPossibleType((graphql.schema.GraphQLNamedType) abstractType, o) ? o : null;
  }

  private void nullViolation(String coordinate) {
    for (List<Object> p : errorPaths) {
      if (isPrefix(p, path) || isPrefix(path, p)) {
        return;
      }
    }
    recordError("Cannot return null for non-nullable field " + coordinate + ".", "NULL_IN_NON_NULL_FIELD");
  }

  private void recordError(String message, String code) {
    List<Object> here = List.copyOf(path);
    errorPaths.add(here);
    ObjectNode e = JSON.objectNode().put("message", message);
    ArrayNode p = e.putArray("path");
    here.forEach(x -> p.add(x instanceof Integer i ? JSON.numberNode(i) : JSON.textNode((String) x)));
    e.putObject("extensions").put("code", code);
    errors.add(e);
  }

  /** Whether a subgraph's leaf value is one the client schema allows (enum values hidden by @inaccessible are not). */
  private static boolean validLeaf(GraphQLOutputType type, JsonNode value) {
    if (type instanceof GraphQLEnumType e) {
      return value.isTextual() && e.getValue(value.asText()) != null;
    }
    if (!(type instanceof GraphQLScalarType scalar)) {
      return true;
    }
    return switch (scalar.getName()) {
      case "Int" -> value.isIntegralNumber() && value.canConvertToInt();
      case "Float" -> value.isNumber();
      case "String" -> value.isTextual();
      case "Boolean" -> value.isBoolean();
      case "ID" -> value.isTextual() || value.isIntegralNumber();
      default -> true; // custom scalars: the subgraph owns their format
    };
  }

  private static boolean isPrefix(List<Object> prefix, List<Object> full) {
    if (prefix.size() > full.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!prefix.get(i).equals(full.get(i))) {
        return false;
      }
    }
    return true;
  }
}
