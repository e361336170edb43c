package io.streamplane.federation.querygraph;

import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import io.streamplane.federation.supergraph.EntityKey;
import io.streamplane.federation.supergraph.Subgraph;
import io.streamplane.federation.supergraph.SubgraphField;
import io.streamplane.federation.supergraph.SubgraphType;
import io.streamplane.federation.supergraph.Supergraph;
import io.streamplane.federation.supergraph.SupergraphType;
import io.streamplane.federation.supergraph.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each subgraph can do, derived from the extracted subgraphs: which subgraphs resolve a field (override and
 * progressive-override aware), which keys lead into a subgraph, which runtime types a subgraph can return. The
 * planner and composition's satisfiability check both ask these questions; edges are computed on demand.
 */
public final class QueryGraph {

  private final Supergraph supergraph;
  /** "Type.field" of a subgraph that lost the field to a labelled override -> the label that moves it away. */
  private final Map<String, String> overriddenUnderLabel = new HashMap<>();

  public QueryGraph(Supergraph supergraph) {
    this.supergraph = supergraph;
    for (Subgraph s : supergraph.subgraphs().values()) {
      for (SubgraphType t : s.types().values()) {
        for (SubgraphField f : t.fields().values()) {
          if (f.overrideFrom() != null && f.overrideLabel() != null) {
            overriddenUnderLabel.put(f.overrideFrom() + "/" + t.name() + "." + f.name(), f.overrideLabel());
          }
        }
      }
    }
  }

  public Supergraph supergraph() {
    return supergraph;
  }

  /** Whether {@code subgraph} resolves {@code type.field} itself, given the progressive-override labels active now. */
  public boolean resolves(String subgraph, String type, String field, Set<String> labels) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    if (t == null) {
      return false;
    }
    SubgraphField f = t.fields().get(field);
    if (f == null || f.external() || f.overridden()) {
      return false;
    }
    if (f.overrideFrom() != null && f.overrideLabel() != null && !labels.contains(f.overrideLabel())) {
      return false;
    }
    String lostUnder = overriddenUnderLabel.get(subgraph + "/" + type + "." + field);
    return lostUnder == null || !labels.contains(lostUnder);
  }

  /** Every subgraph resolving {@code type.field}, in supergraph order. */
  public List<String> resolvers(String type, String field, Set<String> labels) {
    List<String> out = new ArrayList<>();
    for (String s : supergraph.subgraphs().keySet()) {
      if (resolves(s, type, field, labels)) {
        out.add(s);
      }
    }
    return out;
  }

  public SubgraphField field(String subgraph, String type, String field) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    return t == null ? null : t.fields().get(field);
  }

  /** Keys through which {@code _entities} of {@code subgraph} accepts {@code type}. */
  public List<EntityKey> resolvableKeys(String subgraph, String type) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    if (t == null) {
      return List.of();
    }
    return t.keys().stream().filter(EntityKey::resolvable).toList();
  }

  /**
   * Whether {@code subgraph} can return every field of {@code selections} on {@code type} without leaving. External
   * key fields count: a subgraph always echoes the key it was given (Federation 1 style extensions).
   */
  public boolean canProvide(String subgraph, String type, SelectionSet selections, Set<String> labels) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    if (t == null) {
      return false;
    }
    for (Selection<?> sel : selections.getSelections()) {
      if (sel instanceof InlineFragment frag) {
        String on = frag.getTypeCondition() == null ? type : frag.getTypeCondition().getName();
        if (!canProvide(subgraph, on, frag.getSelectionSet(), labels)) {
          return false;
        }
        continue;
      }
      Field f = (Field) sel;
      if (f.getName().equals("__typename")) {
        continue;
      }
      boolean ok = resolves(subgraph, type, f.getName(), labels) || isOwnKeyField(t, f.getName());
      if (!ok) {
        return false;
      }
      if (f.getSelectionSet() != null) {
        String child = baseType(supergraph.type(type).fields().get(f.getName()));
        if (!canProvide(subgraph, child, f.getSelectionSet(), labels)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code field} is part of one of the subgraph's own keys of {@code type}: it can always return it. */
  public boolean echoesKeyField(String subgraph, String type, String field) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    return t != null && isOwnKeyField(t, field);
  }

  private static boolean isOwnKeyField(SubgraphType t, String field) {
    if (!t.fields().containsKey(field)) {
      return false;
    }
    for (EntityKey k : t.keys()) {
      for (Selection<?> s : k.fields().selections().getSelections()) {
        if (s instanceof Field f && f.getName().equals(field)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The object types a subgraph can return where it declares {@code type} (itself for objects). */
  public Set<String> runtimeTypes(String subgraph, String type) {
    SubgraphType t = supergraph.subgraph(subgraph).type(type);
    if (t == null) {
      return Set.of();
    }
    if (t.kind() == TypeKind.OBJECT) {
      return Set.of(type);
    }
    Set<String> out = new LinkedHashSet<>();
    for (String m : t.members()) {
      SubgraphType mt = supergraph.subgraph(subgraph).type(m);
      if (mt != null && mt.kind() == TypeKind.OBJECT) {
        out.add(m);
      } else if (mt != null) {
        out.addAll(runtimeTypes(subgraph, m));
      }
    }
    return out;
  }

  /** Every object type of the supergraph that can appear where {@code type} is expected. */
  public Set<String> possibleTypes(String type) {
    SupergraphType t = supergraph.type(type);
    if (t == null) {
      return Set.of();
    }
    return t.kind() == TypeKind.OBJECT ? Set.of(type) : t.possibleTypes();
  }

  /** "[Product!]!" -> "Product". */
  public static String baseType(String typeRef) {
    return typeRef.replace("[", "").replace("]", "").replace("!", "");
  }

  /** Number of list levels in a type reference: each level becomes an "@" in a merge path. */
  public static int listDepth(String typeRef) {
    int depth = 0;
    for (int i = 0; i < typeRef.length(); i++) {
      if (typeRef.charAt(i) == '[') {
        depth++;
      }
    }
    return depth;
  }
}
