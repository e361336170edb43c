package io.streamplane.gateway.plan;

import graphql.language.AstPrinter;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import io.streamplane.federation.querygraph.QueryGraph;
import io.streamplane.federation.supergraph.EntityKey;
import io.streamplane.federation.supergraph.FieldSet;
import io.streamplane.federation.supergraph.SubgraphField;
import io.streamplane.federation.supergraph.SubgraphType;
import io.streamplane.federation.supergraph.Supergraph;
import io.streamplane.federation.supergraph.SupergraphType;
import io.streamplane.federation.supergraph.TypeKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans an operation over the subgraphs. Fields stay in the current subgraph while it resolves them (or a
 * {@code @provides} covers them); otherwise the planner jumps through a resolvable {@code @key} into an
 * {@code _entities} fetch, first fetching the key (and any {@code @requires} fields) in the parent; fields of a keyless
 * value type that only another subgraph resolves come from fetching the parent field there too. Fetches of the same
 * subgraph that do not depend on each other are then merged, which minimises the number of fetches; stages follow
 * from the dependencies.
 */
public final class QueryPlanner {

  /** Reserved alias prefixes: fields the planner adds never collide with the client's response keys. */
  static final String KEY_ALIAS = "__sp_k_";
  static final String REQUIRES_ALIAS = "__sp_r_";
  private static final String PROVIDED_ON = "...on ";

  private final QueryGraph graph;
  private final Supergraph supergraph;

  public QueryPlanner(QueryGraph graph) {
    this.graph = graph;
    this.supergraph = graph.supergraph();
  }

  public QueryPlan plan(NormalizedOperation op, Set<String> overrideLabels) {
    String rootType = supergraph.rootTypes().get(op.kind());
    if (rootType == null) {
      throw new PlanningException("the supergraph has no " + op.kind() + " type");
    }
    List<FieldSel> rootFields = new ArrayList<>();
    flattenRoot(rootType, op.selections(), rootFields);
    int[] fetchCounter = {0};
    if (!op.kind().equals("mutation")) {
      Run run = new Run(op, overrideLabels, rootType, fetchCounter);
      for (FieldSel f : rootFields) {
        run.planRootField(f, run.rootGroupFor(chooseRootSubgraph(rootType, f, run.rootGroups.keySet(), overrideLabels)));
      }
      return run.finish();
    }
    // mutations run one after another; adjacent fields of the same subgraph share one fetch, as a subgraph runs them in order
    List<PlanNode> sequence = new ArrayList<>();
    int fetches = 0;
    int stages = 0;
    Run run = null;
    String runSubgraph = null;
    for (FieldSel f : rootFields) {
      String s = chooseRootSubgraph(rootType, f, Set.of(), overrideLabels);
      if (run == null || !s.equals(runSubgraph)) {
        if (run != null) {
          QueryPlan p = run.finish();
          sequence.add(p.node());
          fetches += p.fetches();
          stages += p.stages();
        }
        run = new Run(op, overrideLabels, rootType, fetchCounter);
        runSubgraph = s;
      }
      run.planRootField(f, run.rootGroupFor(s));
    }
    if (run != null) {
      QueryPlan p = run.finish();
      sequence.add(p.node());
      fetches += p.fetches();
      stages += p.stages();
    }
    PlanNode node = sequence.isEmpty() ? null : sequence.size() == 1 ? sequence.get(0) : new SequenceNode(sequence);
    return new QueryPlan(node, op, fetches, stages);
  }

  private void flattenRoot(String rootType, List<Sel> sels, List<FieldSel> out) {
    for (Sel s : sels) {
      if (s instanceof FieldSel f) {
        if (!f.name().startsWith("__")) { // __typename, __schema, __type are answered by the gateway
          out.add(f);
        }
      } else if (s instanceof FragmentSel fr) {
        flattenRoot(rootType, fr.selections(), out);
      }
    }
  }

  private String chooseRootSubgraph(String rootType, FieldSel f, Set<String> alreadyFetched, Set<String> labels) {
    List<String> candidates = graph.resolvers(rootType, f.name(), labels);
    if (candidates.isEmpty()) {
      throw new PlanningException("no subgraph resolves " + rootType + "." + f.name());
    }
    String typeRef = supergraph.type(rootType).fields().get(f.name());
    String child = QueryGraph.baseType(typeRef);
    return candidates.stream().max(Comparator
            .comparingInt((String c) -> f.selections().isEmpty() ? 0 : localScore(c, child, f.selections(), labels))
            .thenComparing(c -> alreadyFetched.contains(c) ? 1 : 0)
            .thenComparing(c -> -candidates.indexOf(c)))
        .orElseThrow();
  }

  /** How many fields of the selection the subgraph resolves without leaving: used to choose among shareable owners. */
  private int localScore(String subgraph, String type, List<Sel> sels, Set<String> labels) {
    int score = 0;
    SupergraphType st = supergraph.type(type);
    for (Sel s : sels) {
      if (s instanceof FragmentSel fr) {
        String on = fr.typeCondition() == null ? type : fr.typeCondition();
        score += localScore(subgraph, on, fr.selections(), labels);
      } else if (s instanceof FieldSel f && !f.name().equals("__typename") && st != null) {
        if (graph.resolves(subgraph, type, f.name(), labels) || graph.echoesKeyField(subgraph, type, f.name())) {
          score++;
          String typeRef = st.fields().get(f.name());
          if (!f.selections().isEmpty() && typeRef != null) {
            score += localScore(subgraph, QueryGraph.baseType(typeRef), f.selections(), labels);
          }
        }
      }
    }
    return score;
  }

  private int fieldCount(String type, List<Sel> sels) {
    int count = 0;
    SupergraphType st = supergraph.type(type);
    for (Sel s : sels) {
      if (s instanceof FragmentSel fr) {
        count += fieldCount(fr.typeCondition() == null ? type : fr.typeCondition(), fr.selections());
      } else if (s instanceof FieldSel f && !f.name().equals("__typename") && st != null) {
        count++;
        String typeRef = st.fields().get(f.name());
        if (!f.selections().isEmpty() && typeRef != null) {
          count += fieldCount(QueryGraph.baseType(typeRef), f.selections());
        }
      }
    }
    return count;
  }

  /** Keys and required fields the planner itself asks for (under its reserved aliases). */
  private static boolean plannerOwned(List<Sel> sels) {
    return sels.stream().allMatch(s -> s instanceof FieldSel f
        && (f.responseKey().startsWith(KEY_ALIAS) || f.responseKey().startsWith(REQUIRES_ALIAS)));
  }

  private boolean applies(String typeCondition, String objectType) {
    return typeCondition == null || typeCondition.equals(objectType) || graph.possibleTypes(typeCondition).contains(objectType);
  }

  /** The state of planning one group of root fields (the whole query, or one run of mutation fields). */
  private final class Run {
    final NormalizedOperation op;
    final Set<String> labels;
    final String rootType;
    final int[] fetchCounter;
    final List<FetchGroup> groups = new ArrayList<>();
    final Map<String, FetchGroup> rootGroups = new LinkedHashMap<>();
    final Map<String, FetchGroup> entityGroups = new HashMap<>();
    /** The {@code @skip/@include} conditions around the field being planned. */
    Set<VariableCondition> guard = new java.util.TreeSet<>();

    Run(NormalizedOperation op, Set<String> labels, String rootType, int[] fetchCounter) {
      this.op = op;
      this.labels = labels;
      this.rootType = rootType;
      this.fetchCounter = fetchCounter;
    }

    FetchGroup rootGroupFor(String subgraph) {
      return rootGroups.computeIfAbsent(subgraph, s -> {
        FetchGroup g = new FetchGroup(groups.size(), s, false, null);
        groups.add(g);
        return g;
      });
    }

    void planRootField(FieldSel f, FetchGroup g) {
      guard = new java.util.TreeSet<>(f.conditions());
      g.guardedBy(guard);
      addField(g, g.root, rootType, f, List.of(), null, graph.field(g.subgraph, rootType, f.name()), new LinkedHashSet<>());
    }

    void planSelections(FetchGroup g, SubgraphSelection out, String type, List<Sel> sels, List<String> path,
                        Map<String, Object> provided, Set<FetchGroup> touched) {
      SupergraphType st = supergraph.type(type);
      SubgraphType here = supergraph.subgraph(g.subgraph).type(type);
      if (st.kind() != TypeKind.OBJECT && here != null && here.interfaceObject() && !plannerOwned(sels)) {
        sels = typenameFromInterfaceOwner(g, out, type, sels, path, touched);
      }
      if (st.kind() == TypeKind.OBJECT || (here != null && here.interfaceObject())) {
        provided = providedFor(provided, type);
        for (Sel s : sels) {
          if (s instanceof FieldSel f) {
            planField(g, out, type, f, path, provided, touched);
          } else if (s instanceof FragmentSel fr && applies(fr.typeCondition(), type)) {
            planSelections(g, out, type, fr.selections(), path, provided, touched);
          }
        }
        return;
      }
      // abstract: the subgraph answers with its own runtime types; ask each of them explicitly
      out.field("__typename", "__typename", List.of(), false);
      for (String concrete : graph.runtimeTypes(g.subgraph, type)) {
        List<Sel> forType = new ArrayList<>();
        for (Sel s : sels) {
          if (s instanceof FieldSel f && !(f.name().equals("__typename") && f.responseKey().equals("__typename"))) {
            forType.add(f);
          } else if (s instanceof FragmentSel fr && applies(fr.typeCondition(), concrete)) {
            forType.add(new FragmentSel(null, fr.selections()));
          }
        }
        if (!forType.isEmpty()) {
          planSelections(g, out.fragment(concrete), concrete, forType, path, provided, touched);
        }
      }
    }

    /**
     * An {@code @interfaceObject} subgraph answers an interface value with the interface's name as {@code __typename}:
     * the real type, and fragments on implementations, come from a subgraph that knows the implementations, through
     * the interface's key. Returns the selections left for the interface-object subgraph itself.
     */
    private List<Sel> typenameFromInterfaceOwner(FetchGroup g, SubgraphSelection out, String itf, List<Sel> sels,
                                                 List<String> path, Set<FetchGroup> touched) {
      String owner = null;
      EntityKey key = null;
      for (String s : supergraph.subgraphs().keySet()) {
        SubgraphType t = supergraph.subgraph(s).type(itf);
        if (key == null && t != null && !t.interfaceObject() && !graph.resolvableKeys(s, itf).isEmpty()) {
          owner = s;
          key = graph.resolvableKeys(s, itf).get(0);
        }
      }
      if (owner == null) {
        throw new PlanningException("no subgraph knows the implementations of " + itf + " to tell their __typename");
      }
      List<Sel> there = new ArrayList<>();
      List<Sel> here = new ArrayList<>();
      for (Sel sel : sels) {
        boolean onImplementation = sel instanceof FragmentSel fr && fr.typeCondition() != null && !fr.typeCondition().equals(itf);
        boolean typename = sel instanceof FieldSel f && f.name().equals("__typename");
        (onImplementation || typename ? there : here).add(sel);
      }
      out.field("__typename", "__typename", List.of(), false);
      Set<FetchGroup> deps = new LinkedHashSet<>();
      deps.add(g);
      deps.addAll(planInternal(g, out, itf, key.fields(), path, null, KEY_ALIAS));
      FetchGroup child = entityGroup(owner, path, deps);
      child.addRepresentation(itf, new RepShape(repFields(key.fields().selections(), KEY_ALIAS), List.of(), null));
      child.guardedBy(guard);
      touched.add(child);
      planSelections(child, child.entitySelection(itf), itf, there, path, null, touched);
      return here;
    }

    void planField(FetchGroup g, SubgraphSelection out, String type, FieldSel f, List<String> path,
                   Map<String, Object> provided, Set<FetchGroup> touched) {
      if (f.name().equals("__typename")) {
        out.field(f.responseKey(), "__typename", List.of(), false, f.conditions());
        return;
      }
      if (f.conditions().isEmpty() || guard.containsAll(f.conditions())) {
        planFieldGuarded(g, out, type, f, path, provided, touched);
        return;
      }
      Set<VariableCondition> around = guard;
      guard = new java.util.TreeSet<>(around);
      guard.addAll(f.conditions());
      try {
        planFieldGuarded(g, out, type, f, path, provided, touched);
      } finally {
        guard = around;
      }
    }

    private void planFieldGuarded(FetchGroup g, SubgraphSelection out, String type, FieldSel f, List<String> path,
                                  Map<String, Object> provided, Set<FetchGroup> touched) {
      String s = g.subgraph;
      boolean viaProvides = provided != null && provided.containsKey(f.name());
      SubgraphField sf = graph.field(s, type, f.name());
      boolean local = viaProvides || graph.resolves(s, type, f.name(), labels) || graph.echoesKeyField(s, type, f.name());
      if (local && !viaProvides && sf.requires() != null) {
        jump(g, out, type, f, path, provided, touched, s);
        return;
      }
      if (local && !viaProvides && !f.selections().isEmpty() && betterElsewhere(s, type, f)) {
        local = false;
      }
      if (local) {
        @SuppressWarnings("unchecked")
        Map<String, Object> childProvided = viaProvides ? (Map<String, Object>) provided.get(f.name()) : null;
        addField(g, out, type, f, path, childProvided, sf, touched);
      } else {
        jump(g, out, type, f, path, provided, touched, null);
      }
    }

    /** A shareable field returning a keyless type must come from a subgraph that can also serve its children. */
    private boolean betterElsewhere(String subgraph, String type, FieldSel f) {
      String child = QueryGraph.baseType(supergraph.type(type).fields().get(f.name()));
      int total = fieldCount(child, f.selections());
      if (localScore(subgraph, child, f.selections(), labels) == total) {
        return false;
      }
      for (String s : supergraph.subgraphs().keySet()) {
        if (!graph.resolvableKeys(s, child).isEmpty()) {
          return false; // children can be reached later through a key
        }
      }
      return graph.resolvers(type, f.name(), labels).stream().anyMatch(c -> !c.equals(subgraph)
          && localScore(c, child, f.selections(), labels) == total);
    }

    void addField(FetchGroup g, SubgraphSelection out, String type, FieldSel f, List<String> path,
                  Map<String, Object> childProvided, SubgraphField sf, Set<FetchGroup> touched) {
      String typeRef = supergraph.type(type).fields().get(f.name());
      if (typeRef == null) {
        throw new PlanningException("unknown field " + type + "." + f.name());
      }
      SupergraphType fieldType = supergraph.type(QueryGraph.baseType(typeRef));
      // by type, not by selection: a composite field whose fields were all skipped still needs a selection set
      boolean composite = fieldType != null && fieldType.kind().isComposite();
      collectVariables(f.arguments(), g.variables);
      SubgraphSelection child = out.field(f.responseKey(), f.name(), f.arguments(), composite, f.conditions());
      if (!composite) {
        return;
      }
      List<String> childPath = new ArrayList<>(path);
      childPath.add(f.responseKey());
      for (int i = 0; i < QueryGraph.listDepth(typeRef); i++) {
        childPath.add("@");
      }
      Map<String, Object> provided = withProvides(childProvided, sf);
      String childType = QueryGraph.baseType(typeRef);
      List<Sel> sels = f.selections();
      List<Sel> elsewhere = unreachable(g.subgraph, childType, sels, provided);
      if (!elsewhere.isEmpty()) {
        // fields of a keyless value type that only another owner of this field resolves: fetch the field there too
        // (through the parent's key) with just those fields; the two answers merge into one object
        String target = parentJumpTarget(g.subgraph, type, f, childType, elsewhere);
        FieldSel rest = new FieldSel(f.responseKey(), f.name(), f.arguments(), elsewhere, f.conditions());
        String rootOwner = target == null && !g.entity && path.isEmpty() && op.kind().equals("query")
            ? rootFieldOwnerServing(g.subgraph, type, f, childType, elsewhere) : null;
        if (target != null) {
          sels = sels.stream().filter(x -> !elsewhere.contains(x)).toList();
          jump(g, out, type, rest, path, null, touched, target);
        } else if (rootOwner != null) {
          // directly under a query root field there is no key to jump through: ask the other owner of the root field
          // in a parallel root fetch (never for mutations, which must run once)
          sels = sels.stream().filter(x -> !elsewhere.contains(x)).toList();
          FetchGroup other = rootGroupFor(rootOwner);
          other.guardedBy(guard);
          addField(other, other.root, type, rest, path, null, graph.field(rootOwner, type, f.name()), touched);
        }
      }
      planSelections(g, child, childType, sels, List.copyOf(childPath), provided, touched);
    }

    private Map<String, Object> withProvides(Map<String, Object> provided, SubgraphField sf) {
      if (sf == null || sf.provides() == null) {
        return provided;
      }
      Map<String, Object> out = new HashMap<>(provided == null ? Map.of() : provided);
      mergeProvided(out, sf.provides().selections());
      return out;
    }

    /**
     * The fields of a selection on object type {@code type} that subgraph {@code s} can neither resolve (with
     * everything below them) nor reach later through a key of {@code type}.
     */
    private List<Sel> unreachable(String s, String type, List<Sel> sels, Map<String, Object> provided) {
      SupergraphType st = supergraph.type(type);
      if (st == null || st.kind() != TypeKind.OBJECT) {
        return List.of();
      }
      Map<String, Object> here = providedFor(provided, type);
      List<Sel> out = new ArrayList<>();
      for (Sel sel : sels) {
        if (sel instanceof FieldSel f && !servable(s, type, f, here)) {
          out.add(f);
        }
      }
      return out;
    }

    private boolean servable(String s, String type, FieldSel f, Map<String, Object> provided) {
      if (f.name().startsWith("__")) {
        return true;
      }
      boolean viaProvides = provided != null && provided.containsKey(f.name());
      if (!viaProvides && !graph.resolves(s, type, f.name(), labels) && !graph.echoesKeyField(s, type, f.name())) {
        List<String> owners = graph.resolvers(type, f.name(), labels);
        // an entity field is reached through a key later; no owner at all is the interface-object case
        return owners.isEmpty() || owners.stream().anyMatch(c -> !graph.resolvableKeys(c, type).isEmpty());
      }
      String typeRef = supergraph.type(type).fields().get(f.name());
      if (f.selections().isEmpty() || typeRef == null) {
        return true;
      }
      Map<String, Object> childProvided = viaProvides ? castTree(provided.get(f.name()))
          : withProvides(null, graph.field(s, type, f.name()));
      return unreachable(s, QueryGraph.baseType(typeRef), f.selections(), childProvided).isEmpty();
    }

    /** Another subgraph resolving root field {@code type.f} that serves all of {@code sels}. */
    private String rootFieldOwnerServing(String s, String type, FieldSel f, String childType, List<Sel> sels) {
      for (String c : graph.resolvers(type, f.name(), labels)) {
        if (!c.equals(s) && unreachable(c, childType, sels, withProvides(null, graph.field(c, type, f.name()))).isEmpty()) {
          return c;
        }
      }
      return null;
    }

    /** Another owner of {@code type.f}, reachable through a key of {@code type}, that serves all of {@code sels}. */
    private String parentJumpTarget(String s, String type, FieldSel f, String childType, List<Sel> sels) {
      for (String c : graph.resolvers(type, f.name(), labels)) {
        if (!c.equals(s) && !graph.resolvableKeys(c, type).isEmpty()
            && unreachable(c, childType, sels, withProvides(null, graph.field(c, type, f.name()))).isEmpty()) {
          return c;
        }
      }
      return null;
    }

    /** Leaves subgraph {@code g} for {@code type.f}: fetch a key (and required fields) here, then {@code _entities} there. */
    void jump(FetchGroup g, SubgraphSelection out, String type, FieldSel f, List<String> path,
              Map<String, Object> provided, Set<FetchGroup> touched, String forced) {
      List<String> candidates = forced != null ? List.of(forced)
          : graph.resolvers(type, f.name(), labels).stream().filter(c -> !c.equals(g.subgraph)).toList();
      String entityType = type;
      if (candidates.isEmpty()) {
        // a field an @interfaceObject subgraph adds to every implementation: look the object up as the interface
        for (SupergraphType itf : supergraph.types().values()) {
          if (itf.kind() == TypeKind.INTERFACE && itf.possibleTypes().contains(type)) {
            List<String> viaInterface = supergraph.subgraphs().keySet().stream().filter(s -> {
              SubgraphType t = supergraph.subgraph(s).type(itf.name());
              return t != null && t.interfaceObject() && graph.resolves(s, itf.name(), f.name(), labels);
            }).toList();
            if (!viaInterface.isEmpty()) {
              candidates = viaInterface;
              entityType = itf.name();
              break;
            }
          }
        }
      }
      if (candidates.isEmpty()) {
        throw new PlanningException("no subgraph resolves " + type + "." + f.name());
      }
      String target = null;
      EntityKey key = null;
      int bestRank = -1;
      for (String c : candidates) {
        for (EntityKey k : graph.resolvableKeys(c, entityType)) {
          boolean direct = graph.canProvide(g.subgraph, type, k.fields().selections(), labels);
          boolean existing = entityGroups.keySet().stream().anyMatch(x -> x.startsWith(c + "|" + String.join(".", path) + "|"));
          int rank = (direct ? 2 : 0) + (existing ? 1 : 0);
          if (rank > bestRank) {
            bestRank = rank;
            target = c;
            key = k;
          }
        }
      }
      if (key == null) {
        throw new PlanningException("cannot reach " + type + "." + f.name() + ": no resolvable @key leads to a subgraph resolving it");
      }
      out.field("__typename", "__typename", List.of(), false);
      Set<FetchGroup> deps = new LinkedHashSet<>();
      deps.add(g);
      deps.addAll(planInternal(g, out, type, key.fields(), path, provided, KEY_ALIAS));
      SubgraphField targetField = graph.field(target, entityType, f.name());
      List<RepField> required = List.of();
      if (targetField.requires() != null) {
        deps.addAll(planInternal(g, out, type, targetField.requires(), path, provided, REQUIRES_ALIAS));
        required = repFields(targetField.requires().selections(), REQUIRES_ALIAS);
      }
      FetchGroup child = entityGroup(target, path, deps);
      RepShape shape = new RepShape(repFields(key.fields().selections(), KEY_ALIAS), required,
          entityType.equals(type) ? null : entityType);
      child.addRepresentation(type, shape);
      if (supergraph.type(type).kind() == TypeKind.INTERFACE) {
        // the values of an @interfaceObject may have learned their real type by the time this fetch runs: they are
        // still sent under the interface's name
        for (String impl : graph.possibleTypes(type)) {
          child.addRepresentation(impl, new RepShape(shape.keyFields(), shape.requiredFields(), type));
        }
      }
      touched.add(child);
      child.guardedBy(guard);
      addField(child, child.entitySelection(entityType), entityType, f, path, null, targetField, touched);
    }

    /** Plans planner-owned fields (keys, requires) in {@code g}; returns every fetch that contributes to them. */
    private Set<FetchGroup> planInternal(FetchGroup g, SubgraphSelection out, String type, FieldSet fields,
                                         List<String> path, Map<String, Object> provided, String aliasPrefix) {
      Set<FetchGroup> touched = new LinkedHashSet<>();
      touched.add(g);
      planSelections(g, out, type, toSels(fields.selections(), aliasPrefix), path, provided, touched);
      return touched;
    }

    private FetchGroup entityGroup(String subgraph, List<String> path, Set<FetchGroup> deps) {
      String key = subgraph + "|" + String.join(".", path) + "|"
          + deps.stream().map(d -> Integer.toString(d.id)).sorted().collect(Collectors.joining(","));
      return entityGroups.computeIfAbsent(key, k -> {
        FetchGroup g = new FetchGroup(groups.size(), subgraph, true, path);
        g.dependsOn.addAll(deps);
        groups.add(g);
        return g;
      });
    }

    QueryPlan finish() {
      mergeIndependentFetches();
      int stages = 0;
      Map<Integer, List<FetchGroup>> byStage = new java.util.TreeMap<>();
      for (FetchGroup g : groups) {
        int s = g.stage();
        stages = Math.max(stages, s + 1);
        byStage.computeIfAbsent(s, x -> new ArrayList<>()).add(g);
      }
      List<PlanNode> sequence = new ArrayList<>();
      for (List<FetchGroup> stage : byStage.values()) {
        List<PlanNode> nodes = stage.stream().map(this::guardedNode).toList();
        sequence.add(nodes.size() == 1 ? nodes.get(0) : new ParallelNode(nodes));
      }
      PlanNode node = sequence.isEmpty() ? null : sequence.size() == 1 ? sequence.get(0) : new SequenceNode(sequence);
      return new QueryPlan(node, op, groups.size(), stages);
    }

    /** Fewest fetches first: two entity fetches of one subgraph with no dependency between them become one request. */
    private void mergeIndependentFetches() {
      boolean changed = true;
      while (changed) {
        changed = false;
        search:
        for (int i = 0; i < groups.size(); i++) {
          for (int j = i + 1; j < groups.size(); j++) {
            FetchGroup a = groups.get(i);
            FetchGroup b = groups.get(j);
            if (a.entity && b.entity && a.subgraph.equals(b.subgraph) && !a.reaches(b) && !b.reaches(a) && compatible(a, b)) {
              mergeInto(a, b);
              changed = true;
              break search;
            }
          }
        }
      }
    }

    /** Representations of one type must be built the same way at every path of a merged fetch. */
    private boolean compatible(FetchGroup a, FetchGroup b) {
      for (Map.Entry<String, RepShape> e : a.representations.entrySet()) {
        RepShape other = b.representations.get(e.getKey());
        if (other != null && !(dataKeys(other.keyFields()).equals(dataKeys(e.getValue().keyFields()))
            && dataKeys(other.requiredFields()).equals(dataKeys(e.getValue().requiredFields())))) {
          return false;
        }
      }
      return true;
    }

    private Set<String> dataKeys(List<RepField> fields) {
      return fields.stream().map(RepField::dataKey).collect(Collectors.toSet());
    }

    private void mergeInto(FetchGroup a, FetchGroup b) {
      for (List<String> p : a.paths) {
        if (!b.paths.contains(p)) {
          b.paths.add(p);
        }
      }
      a.entitySelections.forEach((type, sel) -> b.entitySelection(type).mergeFrom(sel));
      a.representations.forEach(b::addRepresentation);
      b.dependsOn.addAll(a.dependsOn);
      b.dependsOn.remove(b);
      b.variables.addAll(a.variables);
      b.guardedBy(a.guard());
      for (FetchGroup x : groups) {
        if (x.dependsOn.remove(a)) {
          x.dependsOn.add(b);
        }
      }
      groups.remove(a);
    }

    /** The fetch, inside one Condition node per variable that all of its fields depend on. */
    private PlanNode guardedNode(FetchGroup g) {
      PlanNode node = node(g);
      for (VariableCondition c : g.guard()) {
        node = c.whenTrue() ? new ConditionNode(c.variable(), node, null) : new ConditionNode(c.variable(), null, node);
      }
      return node;
    }

    private PlanNode node(FetchGroup g) {
      String kind = g.entity ? "query" : op.kind();
      int n = fetchCounter[0]++;
      String name = op.name() == null ? null : op.name() + "__" + g.subgraph.replaceAll("\\W", "_") + "__" + n;
      Set<String> used = new LinkedHashSet<>(g.variables);
      StringBuilder selection = new StringBuilder();
      if (g.entity) {
        selection.append("{_entities(representations:$representations){");
        boolean first = true;
        for (Map.Entry<String, SubgraphSelection> e : g.entitySelections.entrySet()) {
          if (!first) {
            selection.append(' ');
          }
          first = false;
          selection.append("...on ").append(e.getKey());
          e.getValue().print(selection, used);
        }
        selection.append("}}");
      } else {
        g.root.print(selection, used);
      }
      StringBuilder sb = new StringBuilder(kind);
      if (name != null) {
        sb.append(' ').append(name);
      }
      List<String> defs = new ArrayList<>();
      if (g.entity) {
        defs.add("$representations:[_Any!]!");
      }
      List<String> usages = new ArrayList<>();
      for (VariableDefinition v : op.variables()) {
        if (used.contains(v.getName())) {
          usages.add(v.getName());
          String def = "$" + v.getName() + ":" + AstPrinter.printAstCompact(v.getType());
          if (v.getDefaultValue() != null) {
            def += "=" + AstPrinter.printAstCompact(v.getDefaultValue());
          }
          defs.add(def);
        }
      }
      if (!defs.isEmpty()) {
        sb.append('(').append(String.join(",", defs)).append(')');
      }
      sb.append(selection);
      FetchNode fetch = new FetchNode(g.subgraph, sb.toString(), name, kind, List.copyOf(usages), Map.copyOf(g.representations));
      return g.entity ? new FlattenNode(List.copyOf(g.paths), fetch) : fetch;
    }
  }

  private static List<Sel> toSels(SelectionSet set, String aliasPrefix) {
    List<Sel> out = new ArrayList<>();
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        String key = aliasPrefix == null ? f.getName() : aliasPrefix + f.getName();
        out.add(new FieldSel(key, f.getName(), f.getArguments(),
            f.getSelectionSet() == null ? List.of() : toSels(f.getSelectionSet(), null)));
      } else if (s instanceof InlineFragment in) {
        out.add(new FragmentSel(in.getTypeCondition() == null ? null : in.getTypeCondition().getName(),
            toSels(in.getSelectionSet(), aliasPrefix)));
      }
    }
    return out;
  }

  /**
   * How representations are built from fetched data. Objects selected through typed fragments (abstract types) keep
   * their {@code __typename}, so the subgraph can tell the members apart, as in Apollo's representations.
   */
  private static List<RepField> repFields(SelectionSet set, String aliasPrefix) {
    List<RepField> out = new ArrayList<>();
    boolean nested = aliasPrefix == null; // the entity's own __typename is set by the representation itself
    if (nested && set.getSelections().stream().anyMatch(s -> s instanceof InlineFragment in && in.getTypeCondition() != null)) {
      out.add(new RepField("__typename", "__typename", List.of()));
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        String key = aliasPrefix == null ? f.getName() : aliasPrefix + f.getName();
        out.add(new RepField(key, f.getName(), f.getSelectionSet() == null ? List.of() : repFields(f.getSelectionSet(), null)));
      } else if (s instanceof InlineFragment in) {
        out.addAll(repFields(in.getSelectionSet(), aliasPrefix));
      }
    }
    return out;
  }

  /**
   * Provided fields as a tree of field names; fields under a typed inline fragment sit under {@code "...on Type"} and
   * only count for objects of that type (a union member's provided field says nothing about the other members).
   */
  @SuppressWarnings("unchecked")
  private static void mergeProvided(Map<String, Object> provided, SelectionSet set) {
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        Map<String, Object> child = (Map<String, Object>) provided.computeIfAbsent(f.getName(), k -> new HashMap<String, Object>());
        if (f.getSelectionSet() != null) {
          mergeProvided(child, f.getSelectionSet());
        }
      } else if (s instanceof InlineFragment in) {
        Map<String, Object> into = in.getTypeCondition() == null ? provided
            : (Map<String, Object>) provided.computeIfAbsent(PROVIDED_ON + in.getTypeCondition().getName(), k -> new HashMap<String, Object>());
        mergeProvided(into, in.getSelectionSet());
      }
    }
  }

  /** The provided fields that hold for an object of {@code type}: the untyped ones plus those of matching fragments. */
  private Map<String, Object> providedFor(Map<String, Object> provided, String type) {
    if (provided == null || provided.keySet().stream().noneMatch(k -> k.startsWith(PROVIDED_ON))) {
      return provided;
    }
    Map<String, Object> out = new HashMap<>();
    provided.forEach((k, v) -> {
      if (!k.startsWith(PROVIDED_ON)) {
        out.put(k, v);
      }
    });
    provided.forEach((k, v) -> {
      if (k.startsWith(PROVIDED_ON) && applies(k.substring(PROVIDED_ON.length()), type)) {
        mergeTrees(out, castTree(v));
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castTree(Object value) {
    return (Map<String, Object>) value;
  }

  private static void mergeTrees(Map<String, Object> into, Map<String, Object> from) {
    from.forEach((k, v) -> {
      Object existing = into.get(k);
      if (existing == null) {
        into.put(k, v);
      } else {
        Map<String, Object> merged = new HashMap<>(castTree(existing));
        mergeTrees(merged, castTree(v));
        into.put(k, merged);
      }
    });
  }

  private static void collectVariables(List<? extends Node> nodes, Set<String> out) {
    for (Node<?> n : nodes) {
      if (n instanceof VariableReference v) {
        out.add(v.getName());
      }
      collectVariables(n.getChildren(), out);
    }
  }
}
