package io.streamplane.gateway.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A future fetch while planning: one subgraph, the paths it merges at, what it selects, and which fetches must run first. */
final class FetchGroup {

  final int id;
  final String subgraph;
  final boolean entity;
  final List<List<String>> paths = new ArrayList<>();
  /** root fetch: the selection; entity fetch: unused (see {@link #entitySelections}). */
  final SubgraphSelection root = new SubgraphSelection();
  final Map<String, SubgraphSelection> entitySelections = new LinkedHashMap<>();
  final Map<String, RepShape> representations = new LinkedHashMap<>();
  final Set<FetchGroup> dependsOn = new LinkedHashSet<>();
  final Set<String> variables = new LinkedHashSet<>();
  /** The {@code @skip/@include} conditions every field of this fetch sits under; null until the first field arrives. */
  private Set<VariableCondition> guard;

  FetchGroup(int id, String subgraph, boolean entity, List<String> path) {
    this.id = id;
    this.subgraph = subgraph;
    this.entity = entity;
    if (path != null) {
      paths.add(path);
    }
  }

  /** Records that a field is fetched here under {@code conditions}: the fetch runs when the shared ones hold. */
  void guardedBy(Set<VariableCondition> conditions) {
    if (guard == null) {
      guard = new java.util.TreeSet<>(conditions);
    } else {
      guard.retainAll(conditions);
    }
  }

  Set<VariableCondition> guard() {
    return guard == null ? Set.of() : guard;
  }

  SubgraphSelection entitySelection(String type) {
    return entitySelections.computeIfAbsent(type, t -> new SubgraphSelection());
  }

  /** Adds the representation shape of {@code type}; a second shape for the same type adds its missing fields. */
  void addRepresentation(String type, RepShape shape) {
    RepShape old = representations.get(type);
    if (old == null) {
      representations.put(type, shape);
      return;
    }
    representations.put(type, new RepShape(union(old.keyFields(), shape.keyFields()), union(old.requiredFields(), shape.requiredFields()),
        old.typename()));
  }

  private static List<RepField> union(List<RepField> a, List<RepField> b) {
    List<RepField> out = new ArrayList<>(a);
    for (RepField f : b) {
      if (out.stream().noneMatch(x -> x.dataKey().equals(f.dataKey()))) {
        out.add(f);
      }
    }
    return out;
  }

  /** Whether this group depends on {@code other}, directly or through other groups. */
  boolean reaches(FetchGroup other) {
    for (FetchGroup d : dependsOn) {
      if (d == other || d.reaches(other)) {
        return true;
      }
    }
    return false;
  }

  int stage() {
    int s = 0;
    for (FetchGroup d : dependsOn) {
      s = Math.max(s, d.stage() + 1);
    }
    return s;
  }
}
