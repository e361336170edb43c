package io.streamplane.federation.compose;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one subgraph spells directives: its local name of every federation directive it may use (imported, renamed with
 * {@code as}, or namespaced like {@code federation__key}), and the names that belong to other linked specs.
 */
final class DirectiveNames {

    private final Map<String, String> canonicalByLocal = new HashMap<>();
    private final Set<String> foreignNames = new HashSet<>();
    private final Set<String> foreignPrefixes = new HashSet<>();

    void bind(String localName, String canonicalName) {
        canonicalByLocal.put(localName, canonicalName);
    }

    /** Names imported from, or namespaced under, a linked spec that is not federation; composition drops them. */
    void addForeignPrefix(String namespace) {
        foreignPrefixes.add(namespace + "__");
    }

    void addForeignName(String localName) {
        foreignNames.add(localName);
    }

    /** The canonical federation directive name a local directive name stands for. */
    Optional<String> canonical(String localName) {
        return Optional.ofNullable(canonicalByLocal.get(localName));
    }

    boolean isForeign(String localName) {
        return foreignNames.contains(localName) || foreignPrefixes.stream().anyMatch(localName::startsWith);
    }
}
