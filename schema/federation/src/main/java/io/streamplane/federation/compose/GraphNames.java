package io.streamplane.federation.compose;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names of the {@code join__Graph} enum values: the subgraph name made a valid GraphQL name (other characters become
 * {@code _}, a leading digit gets a {@code _} prefix), upper-cased, with {@code _1}, {@code _2}... on collisions.
 * Gateways must read the {@code name} argument of {@code @join__graph}, never these values.
 */
final class GraphNames {

    private GraphNames() {
    }

    static Map<String, String> enumValues(List<String> subgraphNames) {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : subgraphNames) {
            String sanitized = name.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
            if (sanitized.isEmpty() || Character.isDigit(sanitized.charAt(0))) {
                sanitized = "_" + sanitized;
            }
            int count = seen.merge(sanitized, 1, Integer::sum);
            values.put(name, count == 1 ? sanitized : sanitized + "_" + (count - 1));
        }
        return values;
    }
}
