package io.streamplane.federation.compose;

import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Value;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The core features a supergraph links with {@code @link} (join, link, tag, inaccessible, ...): which directive and
 * type names belong to them, so that the API schema can drop them and contracts can find {@code @tag} and
 * {@code @inaccessible} under whatever local names the supergraph uses.
 */
final class LinkedSpecs {

    private static final String SPECS_PREFIX = "https://specs.apollo.dev/";

    /** Spec name (tag, inaccessible, join...) to the local name of its root directive. */
    private final Map<String, String> rootDirectiveBySpec = new HashMap<>();
    private final Set<String> directiveNames = new HashSet<>();
    private final Set<String> namespaces = new HashSet<>();

    private LinkedSpecs() {
    }

    static LinkedSpecs of(Document supergraph) {
        LinkedSpecs specs = new LinkedSpecs();
        specs.namespaces.add("link");
        specs.directiveNames.add("link");
        for (SchemaDefinition schema : supergraph.getDefinitionsOfType(SchemaDefinition.class)) {
            for (Directive directive : schema.getDirectives()) {
                if (directive.getName().equals("link")) {
                    SubgraphReader.stringArgument(directive, "url").ifPresent(url -> specs.add(url, directive));
                }
            }
        }
        return specs;
    }

    private void add(String url, Directive link) {
        String[] segments = url.replaceAll("/+$", "").split("/");
        String specName = segments.length >= 2 ? segments[segments.length - 2] : url;
        String namespace = SubgraphReader.stringArgument(link, "as").orElse(specName);
        namespaces.add(namespace);
        directiveNames.add(namespace);
        if (url.startsWith(SPECS_PREFIX)) {
            rootDirectiveBySpec.put(specName, namespace);
        }
        if (link.getArgument("import") != null && link.getArgument("import").getValue() instanceof ArrayValue imports) {
            for (Value<?> element : imports.getValues()) {
                importedName(element).filter(name -> name.startsWith("@"))
                        .ifPresent(name -> directiveNames.add(name.substring(1)));
            }
        }
    }

    private static Optional<String> importedName(Value<?> element) {
        if (element instanceof StringValue string) {
            return Optional.of(string.getValue());
        }
        if (element instanceof ObjectValue object) {
            String name = null;
            for (ObjectField field : object.getObjectFields()) {
                if (field.getValue() instanceof StringValue value
                        && (field.getName().equals("as") || name == null && field.getName().equals("name"))) {
                    name = value.getValue();
                }
            }
            return Optional.ofNullable(name);
        }
        return Optional.empty();
    }

    /** The local name of a linked spec's root directive, e.g. {@code inaccessible}; empty when not linked. */
    Optional<String> rootDirective(String specName) {
        return Optional.ofNullable(rootDirectiveBySpec.get(specName));
    }

    boolean isFeatureDirective(String directiveName) {
        return directiveNames.contains(directiveName) || isNamespaced(directiveName);
    }

    boolean isFeatureType(String typeName) {
        return isNamespaced(typeName);
    }

    private boolean isNamespaced(String name) {
        int separator = name.indexOf("__");
        return separator > 0 && namespaces.contains(name.substring(0, separator));
    }
}
