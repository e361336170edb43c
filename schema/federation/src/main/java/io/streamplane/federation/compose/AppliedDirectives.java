package io.streamplane.federation.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The directives composition carries from one subgraph element into the supergraph ({@code @inaccessible},
 * {@code @deprecated}, {@code @tag} and the access-control directives), as that subgraph applies them.
 */
final class AppliedDirectives {

    boolean inaccessible;
    /** Null when not deprecated, "" when deprecated without a reason. */
    String deprecationReason;
    final Set<String> tags = new LinkedHashSet<>();
    boolean authenticated;
    /** Alternatives (OR) of scope sets (AND), as {@code @requiresScopes(scopes:)} spells them; null when absent. */
    List<List<String>> requiresScopes;
    /** Same shape for {@code @policy(policies:)}. */
    List<List<String>> policies;
    /** Canonical names of the copied directives other than inaccessible, in the order the subgraph wrote them. */
    final List<String> order = new ArrayList<>();

    /**
     * Both requirements at once: every alternative of one combined with every alternative of the other; repeated
     * alternatives and those that ask for more than another alternative are dropped. Null means "no requirement".
     */
    static List<List<String>> allOf(List<List<String>> left, List<List<String>> right) {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        List<Set<String>> combined = new ArrayList<>();
        for (List<String> a : left) {
            for (List<String> b : right) {
                Set<String> both = new LinkedHashSet<>(a);
                both.addAll(b);
                combined.add(both);
            }
        }
        List<List<String>> minimal = new ArrayList<>();
        for (int i = 0; i < combined.size(); i++) {
            Set<String> candidate = combined.get(i);
            boolean redundant = false;
            for (int j = 0; j < combined.size() && !redundant; j++) {
                Set<String> other = combined.get(j);
                boolean smaller = candidate.containsAll(other) && other.size() < candidate.size();
                boolean earlierDuplicate = j < i && other.equals(candidate);
                redundant = smaller || earlierDuplicate;
            }
            if (!redundant) {
                minimal.add(List.copyOf(candidate));
            }
        }
        return minimal;
    }

    void seen(String canonicalName) {
        if (!order.contains(canonicalName)) {
            order.add(canonicalName);
        }
    }
}
