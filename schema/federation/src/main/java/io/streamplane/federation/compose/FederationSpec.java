package io.streamplane.federation.compose;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The federation directives a subgraph may use, per version of the federation spec
 * ({@code https://specs.apollo.dev/federation/v2.x}), and the shape their definitions must have when a subgraph
 * spells them out.
 */
final class FederationSpec {

    static final String SPEC_PREFIX = "https://specs.apollo.dev/federation/";
    static final int HIGHEST_MINOR = 12;

    /** The canonical name of a federation directive with the minor version of Federation 2 that introduced it. */
    record Directive(String name, int sinceMinor, List<String> requiredArguments, List<String> optionalArguments) {
        boolean knowsArgument(String argument) {
            return requiredArguments.contains(argument) || optionalArguments.contains(argument);
        }
    }

    static final Map<String, Directive> DIRECTIVES = Map.ofEntries(
            entry("key", 0, List.of("fields"), List.of("resolvable")),
            entry("requires", 0, List.of("fields"), List.of()),
            entry("provides", 0, List.of("fields"), List.of()),
            entry("external", 0, List.of(), List.of("reason")),
            entry("extends", 0, List.of(), List.of()),
            entry("shareable", 0, List.of(), List.of()),
            entry("inaccessible", 0, List.of(), List.of()),
            entry("tag", 0, List.of("name"), List.of()),
            entry("override", 0, List.of("from"), List.of("label")),
            entry("composeDirective", 1, List.of("name"), List.of()),
            entry("interfaceObject", 3, List.of(), List.of()),
            entry("authenticated", 5, List.of(), List.of()),
            entry("requiresScopes", 5, List.of("scopes"), List.of()),
            entry("policy", 6, List.of("policies"), List.of()),
            entry("context", 8, List.of("name"), List.of()),
            entry("fromContext", 8, List.of("field"), List.of()),
            entry("cost", 9, List.of("weight"), List.of()),
            entry("listSize", 9, List.of(), List.of("assumedSize", "slicingArguments", "sizedFields",
                    "requireOneSlicingArgument")));

    /** Directives a Federation 1 subgraph (no {@code @link}) may use under their plain names. */
    static final Set<String> FEDERATION_1_DIRECTIVES = Set.of("key", "requires", "provides", "external", "extends",
            "tag", "inaccessible");

    /** Directives this composer accepts in a subgraph but cannot carry into a supergraph yet. */
    static final Set<String> UNSUPPORTED = Set.of("composeDirective", "context", "fromContext", "cost", "listSize");

    /** Federation-owned types a subgraph may declare for its own tooling; composition drops them. */
    static final Set<String> FEDERATION_TYPES = Set.of("_Any", "_Entity", "_Service", "_FieldSet", "FieldSet",
            "federation__FieldSet", "federation__Scope", "federation__Policy", "federation__ContextFieldValue",
            "link__Import", "link__Purpose");

    private static final Pattern VERSION = Pattern.compile("v2\\.(\\d+)");

    private FederationSpec() {
    }

    private static Map.Entry<String, Directive> entry(String name, int since, List<String> required,
            List<String> optional) {
        return Map.entry(name, new Directive(name, since, required, optional));
    }

    /** The minor version of a {@code .../federation/v2.x} link URL, or empty when it is not one we know. */
    static Optional<Integer> minorVersion(String url) {
        String version = url.substring(SPEC_PREFIX.length());
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int minor = Integer.parseInt(matcher.group(1));
        return minor <= HIGHEST_MINOR ? Optional.of(minor) : Optional.empty();
    }
}
