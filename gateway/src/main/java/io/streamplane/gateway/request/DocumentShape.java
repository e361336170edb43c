package io.streamplane.gateway.request;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Depth and field count (fragments expanded; the count saturates at {@code Long.MAX_VALUE}) and alias count of a
 * parsed document, measured before it is validated. Fragments are measured once each, so this stays linear.
 */
record DocumentShape(int depth, long fields, int aliases) {

  static DocumentShape of(Document document) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    int depth = 0;
    long fields = 0;
    Map<String, Long> fieldMemo = new HashMap<>();
    for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
      depth = Math.max(depth, depth(op.getSelectionSet(), fragments, new HashSet<>(), new HashMap<>()));
      fields = Math.max(fields, fields(op.getSelectionSet(), fragments, new HashSet<>(), fieldMemo));
    }
    return new DocumentShape(depth, fields, aliases(document));
  }

  private static long fields(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> onPath, Map<String, Long> memo) {
    if (set == null) {
      return 0;
    }
    long count = 0;
    for (Selection<?> s : set.getSelections()) {
      long n = 0;
      if (s instanceof Field f) {
        n = saturatedAdd(1, fields(f.getSelectionSet(), fragments, onPath, memo));
      } else if (s instanceof InlineFragment in) {
        n = fields(in.getSelectionSet(), fragments, onPath, memo);
      } else if (s instanceof FragmentSpread spread) {
        FragmentDefinition def = fragments.get(spread.getName());
        if (def == null || !onPath.add(spread.getName())) {
          continue; // unknown or cyclic: validation reports it
        }
        Long known = memo.get(spread.getName());
        n = known != null ? known : fields(def.getSelectionSet(), fragments, onPath, memo);
        memo.put(spread.getName(), n);
        onPath.remove(spread.getName());
      }
      count = saturatedAdd(count, n);
    }
    return count;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static int depth(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> onPath, Map<String, Integer> memo) {
    if (set == null) {
      return 0;
    }
    int max = 0;
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        max = Math.max(max, f.getSelectionSet() == null ? 1 : 1 + depth(f.getSelectionSet(), fragments, onPath, memo));
      } else if (s instanceof InlineFragment in) {
        max = Math.max(max, depth(in.getSelectionSet(), fragments, onPath, memo));
      } else if (s instanceof FragmentSpread spread) {
        FragmentDefinition def = fragments.get(spread.getName());
        if (def == null || !onPath.add(spread.getName())) {
          continue; // unknown or cyclic: validation reports it
        }
        Integer known = memo.get(spread.getName());
        int d = known != null ? known : depth(def.getSelectionSet(), fragments, onPath, memo);
        memo.put(spread.getName(), d);
        onPath.remove(spread.getName());
        max = Math.max(max, d);
      }
    }
    return max;
  }

  private static int aliases(Node<?> node) {
    int count = node instanceof Field f && f.getAlias() != null ? 1 : 0;
    for (Node<?> child : node.getChildren()) {
      count += aliases(child);
    }
    return count;
  }
}
