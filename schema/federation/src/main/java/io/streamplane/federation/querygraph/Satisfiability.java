package io.streamplane.federation.querygraph;

import graphql.language.AstPrinter;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import io.streamplane.federation.supergraph.EntityKey;
import io.streamplane.federation.supergraph.FieldSet;
import io.streamplane.federation.supergraph.SubgraphField;
import io.streamplane.federation.supergraph.SubgraphType;
import io.streamplane.federation.supergraph.Supergraph;
import io.streamplane.federation.supergraph.TypeKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proves that every field of a supergraph's API schema can be fetched: walks the API schema from the root types and,
 * for each path, keeps the set of places (subgraph, subgraph-local type, fields provided there by {@code @provides})
 * a plan could be at. A field is reachable on a path when one of those places resolves it, directly or after an
 * entity jump through a resolvable {@code @key} whose fields can be collected where the plan is (this includes jumps
 * into {@code @interfaceObject} subgraphs), with its {@code @requires} collectable too. A path where no place can
 * continue is a {@code SATISFIABILITY_ERROR}: the failure carries an example query and why each subgraph cannot
 * resolve it, as Apollo's composition reports it.
 *
 * <p>Paths reaching a type with a superset of places already explored are skipped (more places can only resolve
 * more), which keeps the walk linear in practice. Progressive overrides are checked with no label and with every
 * label active: a field must be reachable in both worlds.
 */
public final class Satisfiability {

  /** One unreachable field: its coordinate, the shortest query reaching it, and each subgraph's reason. */
  public record Failure(String coordinate, String exampleQuery, List<String> reasons) {
    public String message() {
      StringBuilder m = new StringBuilder("The following supergraph API query:\n").append(exampleQuery)
          .append("\ncannot be satisfied by the subgraphs because:");
      reasons.forEach(r -> m.append("\n- ").append(r));
      return m.toString();
    }
  }

  /** Where a plan can be: in {@code subgraph}, on its type {@code type}, with {@code provided} fields given to it. */
  private record Place(String subgraph, String type, String provided) {}

  /** A path of the API schema and the places a plan can be at when it gets there. */
  private record Step(String apiType, Set<Place> places, List<String> path) {}

  private final QueryGraph graph;
  private final Supergraph supergraph;
  private final GraphQLSchema api;
  private final Set<String> labels;
  private final Map<String, SelectionSet> parsed = new HashMap<>();
  private final Map<String, List<Set<Place>>> visited = new HashMap<>();
  private final Map<String, Failure> failures = new LinkedHashMap<>();
  private static final int MAX_CONDITION_DEPTH = 8;
  private int depth;

  private Satisfiability(QueryGraph graph, Set<String> labels) {
    this.graph = graph;
    this.supergraph = graph.supergraph();
    this.api = supergraph.apiSchema();
    this.labels = labels;
  }

  /** Every unreachable field of the API schema, one failure per coordinate, in the order found (shortest first). */
  public static List<Failure> check(Supergraph supergraph) {
    QueryGraph graph = new QueryGraph(supergraph);
    Set<String> allLabels = new TreeSet<>();
    supergraph.subgraphs().values().forEach(s -> s.types().values().forEach(t -> t.fields().values().forEach(f -> {
      if (f.overrideLabel() != null) {
        allLabels.add(f.overrideLabel());
      }
    })));
    Map<String, Failure> found = new LinkedHashMap<>(new Satisfiability(graph, Set.of()).run());
    if (!allLabels.isEmpty()) {
      new Satisfiability(graph, allLabels).run().forEach(found::putIfAbsent);
    }
    return List.copyOf(found.values());
  }

  private Map<String, Failure> run() {
    Deque<Step> queue = new ArrayDeque<>();
    for (String root : supergraph.rootTypes().values()) {
      if (!(api.getType(root) instanceof GraphQLObjectType)) {
        continue;
      }
      Set<Place> places = new LinkedHashSet<>();
      supergraph.subgraphs().values().forEach(s -> {
        if (s.type(root) != null) {
          places.add(new Place(s.name(), root, ""));
        }
      });
      queue.add(new Step(root, places, List.of()));
    }
    while (!queue.isEmpty()) {
      Step step = queue.poll();
      if (!firstVisit(step.apiType(), step.places())) {
        continue;
      }
      Set<Place> places = withJumps(step.apiType(), step.places());
      GraphQLNamedType type = (GraphQLNamedType) api.getType(step.apiType());
      if (type instanceof GraphQLObjectType object) {
        fields(object.getFieldDefinitions(), step, places, queue, true);
      } else if (type instanceof GraphQLInterfaceType itf) {
        fields(itf.getFieldDefinitions(), step, places, queue, false);
        downcasts(api.getImplementations(itf), step, places, queue);
      } else if (type instanceof GraphQLUnionType union) {
        downcasts(union.getTypes().stream().map(GraphQLObjectType.class::cast).toList(), step, places, queue);
      }
    }
    return failures;
  }

  /** False when this type was already explored from a subset of these places: nothing new can be found. */
  private boolean firstVisit(String apiType, Set<Place> places) {
    List<Set<Place>> seen = visited.computeIfAbsent(apiType, t -> new ArrayList<>());
    for (Set<Place> earlier : seen) {
      if (places.containsAll(earlier)) {
        return false;
      }
    }
    seen.add(places);
    return true;
  }

  /**
   * @param report whether an unreachable field is an error here: interface fields that no place resolves at the
   *               interface level are checked per implementation instead (the plan asks each runtime type)
   */
  private void fields(List<GraphQLFieldDefinition> definitions, Step step, Set<Place> places, Deque<Step> queue,
      boolean report) {
    for (GraphQLFieldDefinition definition : definitions) {
      String field = definition.getName();
      String coordinate = step.apiType() + "." + field;
      Set<Place> next = new LinkedHashSet<>();
      for (Place place : places) {
        Place child = resolve(place, field, places);
        if (child != null) {
          next.add(child);
        }
      }
      GraphQLType fieldType = GraphQLTypeUtil.unwrapAll(definition.getType());
      List<String> path = append(step.path(), withArguments(definition));
      if (next.isEmpty()) {
        if (report && !failures.containsKey(coordinate)) {
          failures.put(coordinate, new Failure(coordinate, exampleQuery(path, fieldType),
              reasons(step.apiType(), field, step.places(), places)));
        }
        continue;
      }
      if (!(fieldType instanceof GraphQLObjectType || fieldType instanceof GraphQLInterfaceType
          || fieldType instanceof GraphQLUnionType)) {
        continue;
      }
      queue.add(new Step(((GraphQLNamedType) fieldType).getName(), next, path));
    }
  }

  private void downcasts(List<GraphQLObjectType> possible, Step step, Set<Place> places, Deque<Step> queue) {
    for (GraphQLObjectType target : possible) {
      Set<Place> next = downcast(places, target.getName());
      if (!next.isEmpty()) {  // a type no place can return is never returned here: nothing to check
        queue.add(new Step(target.getName(), next, append(step.path(), "... on " + target.getName())));
      }
    }
  }

  /** The places that can return the object type {@code target} where an abstract type is expected. */
  private Set<Place> downcast(Set<Place> places, String target) {
    Set<Place> next = new LinkedHashSet<>();
    for (Place place : places) {
      SubgraphType local = supergraph.subgraph(place.subgraph()).type(place.type());
      if (local == null || local.interfaceObject()) {
        continue;  // an @interfaceObject does not know runtime types: the plan jumps to the interface's subgraph
      }
      if (place.type().equals(target)
          || local.kind() != TypeKind.OBJECT && graph.runtimeTypes(place.subgraph(), place.type()).contains(target)) {
        next.add(new Place(place.subgraph(), target, providedOn(place.provided(), target)));
      }
    }
    return next;
  }

  /** Where the plan is after fetching {@code field} from {@code place}, or null when that place cannot fetch it. */
  private Place resolve(Place place, String field, Set<Place> available) {
    SubgraphField local = graph.field(place.subgraph(), place.type(), field);
    if (local == null) {
      return null;
    }
    SelectionSet provided = place.provided().isEmpty() ? null : parse(place.provided());
    Field providedField = provided == null ? null : topLevelField(provided, field);
    if (providedField != null) {
      return new Place(place.subgraph(), QueryGraph.baseType(local.type()), providedField.getSelectionSet() == null
          ? "" : AstPrinter.printAstCompact(providedField.getSelectionSet()));
    }
    boolean resolves = graph.resolves(place.subgraph(), place.type(), field, labels)
        || graph.echoesKeyField(place.subgraph(), place.type(), field);
    if (!resolves) {
      return null;
    }
    if (local.requires() != null && !collectable(place.type(), local.requires().selections(), available, false)) {
      return null;
    }
    return new Place(place.subgraph(), QueryGraph.baseType(local.type()),
        local.provides() == null ? "" : local.provides().text());
  }

  /** Adds every place reachable from {@code places} through entity jumps, until nothing new is reachable. */
  private Set<Place> withJumps(String apiType, Set<Place> places) {
    Set<Place> all = new LinkedHashSet<>(places);
    boolean root = supergraph.rootTypes().containsValue(apiType);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Place target : jumpTargets(apiType)) {
        if (all.contains(target)) {
          continue;
        }
        boolean reachable = root;
        for (EntityKey key : root ? List.<EntityKey>of() : graph.resolvableKeys(target.subgraph(), target.type())) {
          if (collectable(target.type(), key.fields().selections(), all, false)) {
            reachable = true;
            break;
          }
        }
        if (reachable) {
          all.add(target);
          grew = true;
        }
      }
    }
    return all;
  }

  /**
   * Places an entity jump could land on for {@code apiType}: the type itself in every subgraph declaring it (root
   * types: all of them, there is always a root to start from), and for objects every {@code @interfaceObject} of an
   * interface they implement.
   */
  private List<Place> jumpTargets(String type) {
    List<Place> targets = new ArrayList<>();
    Set<String> interfaces = new LinkedHashSet<>();
    supergraph.subgraphs().values().forEach(s -> {
      SubgraphType local = s.type(type);
      if (local != null && local.kind() == TypeKind.OBJECT && !local.interfaceObject()) {
        interfaces.addAll(local.interfaces());
      }
    });
    supergraph.subgraphs().values().forEach(s -> {
      if (s.type(type) != null) {
        targets.add(new Place(s.name(), type, ""));
      }
      for (String itf : interfaces) {
        SubgraphType local = s.type(itf);
        if (local != null && local.interfaceObject()) {
          targets.add(new Place(s.name(), itf, ""));
        }
      }
    });
    return targets;
  }

  /**
   * Whether a plan at {@code places} (on {@code type}) can fetch {@code selections}, moving between subgraphs as
   * needed below the first level ({@code jump}: also at the first level). Used for key and {@code @requires} fields.
   */
  private boolean collectable(String type, SelectionSet selections, Set<Place> places, boolean jump) {
    if (depth > MAX_CONDITION_DEPTH) {
      return false;  // conditions nested this deep only arise from cyclic keys; refusing is the safe answer
    }
    depth++;
    try {
      Set<Place> here = jump ? withJumps(type, places) : places;
      for (Selection<?> part : selections.getSelections()) {
        if (part instanceof InlineFragment fragment) {
          String on = fragment.getTypeCondition() == null ? type : fragment.getTypeCondition().getName();
          Set<Place> cast = on.equals(type) ? here : downcast(here, on);
          if (!cast.isEmpty() && !collectable(on, fragment.getSelectionSet(), cast, true)) {
            return false;
          }
          continue;
        }
        Field field = (Field) part;
        if (field.getName().equals("__typename")) {
          continue;
        }
        Set<Place> next = new LinkedHashSet<>();
        for (Place place : here) {
          Place child = resolve(place, field.getName(), here);
          if (child != null) {
            next.add(child);
          }
        }
        if (next.isEmpty()) {
          return false;
        }
        if (field.getSelectionSet() != null && !collectable(fieldType(type, field.getName()),
            field.getSelectionSet(), next, true)) {
          return false;
        }
      }
      return true;
    } finally {
      depth--;
    }
  }

  /** The supergraph type of {@code type.field}, without list and non-null wrappers. */
  private String fieldType(String type, String field) {
    var t = supergraph.type(type);
    String ref = t == null ? null : t.fields().get(field);
    return ref == null ? type : QueryGraph.baseType(ref);
  }

  // ---- explaining a failure ----------------------------------------------------------------------------------

  /**
   * Apollo-style explanation, one entry per subgraph the plan could be in: why it cannot resolve the field and, for
   * the subgraphs the path started in, why the plan cannot move to the subgraphs that do resolve it.
   */
  private List<String> reasons(String apiType, String field, Set<Place> started, Set<Place> places) {
    Map<String, List<String>> bySubgraph = new LinkedHashMap<>();
    for (Place place : places) {
      List<String> own = bySubgraph.computeIfAbsent(place.subgraph(), s -> new ArrayList<>());
      SubgraphField local = graph.field(place.subgraph(), place.type(), field);
      String coordinate = "\"" + place.type() + "." + field + "\"";
      if (local == null) {
        own.add("cannot find field " + coordinate + ".");
      } else if (local.requires() != null && graph.resolves(place.subgraph(), place.type(), field, labels)) {
        own.add("cannot satisfy @requires conditions on field " + coordinate + ": \"" + local.requires().text()
            + "\" cannot be collected from " + quotedSubgraphs(places) + ".");
      } else if (local.overrideLabel() != null && !labels.contains(local.overrideLabel())) {
        own.add("field " + coordinate + " is resolved here only while the override label \"" + local.overrideLabel()
            + "\" is active, and this plan is checked with it off.");
      } else if (local.external()) {
        own.add("field " + coordinate + " is not resolvable because marked @external.");
      } else {
        own.add("field " + coordinate + " is overridden by another subgraph.");
      }
    }
    List<String> moves = new ArrayList<>();
    for (String other : supergraph.subgraphs().keySet()) {
      String target = targetType(other, apiType);
      if (bySubgraph.containsKey(other) || target == null || !graph.resolves(other, target, field, labels)) {
        continue;
      }
      SubgraphType local = supergraph.subgraph(other).type(target);
      String move = "cannot move to subgraph \"" + other + "\", which has field \"" + target + "." + field + "\", ";
      if (local.keys().isEmpty()) {
        moves.add(move + "because type \"" + target + "\" has no @key defined in subgraph \"" + other + "\".");
      } else if (!local.hasResolvableKey()) {
        moves.add(move + "because none of the @key defined on type \"" + target + "\" in subgraph \"" + other
            + "\" are resolvable (they are all declared with their \"resolvable\" argument set to false).");
      } else {
        for (EntityKey key : graph.resolvableKeys(other, target)) {
          moves.add("cannot move to subgraph \"" + other + "\" using @key(fields: \"" + key.fields().text() + "\") of \""
              + target + "\", the key field(s) cannot be resolved from " + quotedSubgraphs(places) + ".");
        }
      }
    }
    for (Place place : started) {
      bySubgraph.get(place.subgraph()).addAll(moves);
    }
    List<String> reasons = new ArrayList<>();
    bySubgraph.forEach((subgraph, lines) -> reasons.add("from subgraph \"" + subgraph + "\":"
        + (lines.size() == 1 ? " " + lines.get(0) : "\n  - " + String.join("\n  - ", lines))));
    return reasons;
  }

  /** The type an entity jump into {@code subgraph} would land on for {@code apiType}, or null. */
  private String targetType(String subgraph, String apiType) {
    for (Place p : jumpTargets(apiType)) {
      if (p.subgraph().equals(subgraph)) {
        return p.type();
      }
    }
    return null;
  }

  private static String quotedSubgraphs(Set<Place> places) {
    Set<String> names = new LinkedHashSet<>();
    places.forEach(p -> names.add("\"" + p.subgraph() + "\""));
    return "subgraph" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
  }

  /** The query that reaches the unsatisfiable field, arguments required on the way shown as placeholders. */
  private static String exampleQuery(List<String> path, GraphQLType leafType) {
    StringBuilder q = new StringBuilder("{\n");
    for (int i = 0; i < path.size(); i++) {
      String indent = "  ".repeat(i + 1);
      q.append(indent).append(path.get(i));
      if (i < path.size() - 1) {
        q.append(" {\n");
      } else if (leafType instanceof GraphQLScalarType || leafType instanceof GraphQLEnumType) {
        q.append("\n");
      } else {
        q.append(" {\n").append(indent).append("  __typename\n").append(indent).append("}\n");
      }
    }
    for (int i = path.size() - 2; i >= 0; i--) {
      q.append("  ".repeat(i + 1)).append("}\n");
    }
    return q.append("}").toString();
  }

  /** A field as it appears in an example query: {@code title(id: "<any id>")}. */
  private static String withArguments(GraphQLFieldDefinition definition) {
    List<String> required = new ArrayList<>();
    for (GraphQLArgument argument : definition.getArguments()) {
      if (GraphQLTypeUtil.isNonNull(argument.getType()) && !argument.hasSetDefaultValue()) {
        required.add(argument.getName() + ": " + placeholder(GraphQLTypeUtil.unwrapNonNull(argument.getType())));
      }
    }
    return required.isEmpty() ? definition.getName()
        : definition.getName() + "(" + String.join(", ", required) + ")";
  }

  private static String placeholder(GraphQLType type) {
    if (GraphQLTypeUtil.isList(type)) {
      return "[]";
    }
    GraphQLNamedType named = (GraphQLNamedType) type;
    return switch (named.getName()) {
      case "ID" -> "\"<any id>\"";
      case "String" -> "\"<any string>\"";
      case "Int" -> "<any int>";
      case "Float" -> "<any float>";
      case "Boolean" -> "<any boolean>";
      default -> named instanceof GraphQLInputObjectType ? "{}" : "<any " + named.getName() + ">";
    };
  }

  // ---- small helpers -----------------------------------------------------------------------------------------

  private SelectionSet parse(String selections) {
    return parsed.computeIfAbsent(selections, s -> FieldSet.parse(s.startsWith("{") ? s.substring(1, s.length() - 1)
        : s).selections());
  }

  /** The part of a provided selection that applies after a downcast to {@code type}. */
  private String providedOn(String provided, String type) {
    if (provided.isEmpty()) {
      return "";
    }
    for (Selection<?> s : parse(provided).getSelections()) {
      if (s instanceof InlineFragment frag && frag.getTypeCondition() != null
          && frag.getTypeCondition().getName().equals(type)) {
        return AstPrinter.printAstCompact(frag.getSelectionSet());
      }
    }
    return provided;
  }

  private static Field topLevelField(SelectionSet selections, String name) {
    for (Selection<?> s : selections.getSelections()) {
      if (s instanceof Field f && f.getName().equals(name) && f.getAlias() == null) {
        return f;
      }
    }
    return null;
  }

  private static List<String> append(List<String> path, String step) {
    List<String> out = new ArrayList<>(path);
    out.add(step);
    return List.copyOf(out);
  }
}
