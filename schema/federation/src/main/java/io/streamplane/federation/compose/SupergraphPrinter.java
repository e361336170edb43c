package io.streamplane.federation.compose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints a merged supergraph in the layout Apollo's composition prints (schema block with {@code @link}s, directive
 * definitions, then every type sorted by name), so that Federation gateways and humans diffing supergraphs read it
 * the same way.
 */
final class SupergraphPrinter {

    static final String JOIN_URL = "https://specs.apollo.dev/join/v0.5";
    static final String LINK_URL = "https://specs.apollo.dev/link/v1.0";
    static final String TAG_URL = "https://specs.apollo.dev/tag/v0.3";
    static final String INACCESSIBLE_URL = "https://specs.apollo.dev/inaccessible/v0.2";

    private static final String ALL_LOCATIONS = "FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION"
            + " | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION";
    static final String INACCESSIBLE_DEFINITION = "directive @inaccessible on " + ALL_LOCATIONS;
    private static final String ACCESS_CONTROL_LOCATIONS = "FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM";
    static final String TAG_DEFINITION = "directive @tag(name: String!) repeatable on " + ALL_LOCATIONS + " | SCHEMA";

    private static final List<String> JOIN_DIRECTIVES = List.of(
            "directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) "
                    + "repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION",
            "directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE",
            "directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, "
                    + "type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String, "
                    + "contextArguments: [join__ContextArgument!]) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION",
            "directive @join__graph(name: String!, url: String!) on ENUM_VALUE",
            "directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE",
            "directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, "
                    + "resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | "
                    + "INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR",
            "directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION");
    private static final String LINK_DIRECTIVE = "directive @link(url: String, as: String, for: link__Purpose, "
            + "import: [link__Import]) repeatable on SCHEMA";

    /** The fixed join/link types, by name; printed among the composed types in name order. */
    private static final Map<String, String> SPEC_TYPES = Map.of(
            "join__ContextArgument", """
                    input join__ContextArgument {
                      name: String!
                      type: String!
                      context: String!
                      selection: join__FieldValue!
                    }""",
            "join__DirectiveArguments", "scalar join__DirectiveArguments",
            "join__FieldSet", "scalar join__FieldSet",
            "join__FieldValue", "scalar join__FieldValue",
            "link__Import", "scalar link__Import",
            "link__Purpose", """
                    enum link__Purpose {
                      \"""
                      `SECURITY` features provide metadata necessary to securely resolve fields.
                      \"""
                      SECURITY

                      \"""
                      `EXECUTION` features provide metadata necessary for operation execution.
                      \"""
                      EXECUTION
                    }""");

    /** A linked spec besides link and join: its {@code @link}, definitions and types, printed when used. */
    private record Feature(String name, String link, List<String> directives, Map<String, String> types) {
    }

    private static final List<Feature> FEATURES = List.of(
            new Feature("tag", "@link(url: \"" + TAG_URL + "\")", List.of(TAG_DEFINITION), Map.of()),
            new Feature("inaccessible", "@link(url: \"" + INACCESSIBLE_URL + "\", for: SECURITY)",
                    List.of(INACCESSIBLE_DEFINITION), Map.of()),
            new Feature("authenticated", "@link(url: \"https://specs.apollo.dev/authenticated/v0.1\", for: SECURITY)",
                    List.of("directive @authenticated on " + ACCESS_CONTROL_LOCATIONS), Map.of()),
            new Feature("requiresScopes",
                    "@link(url: \"https://specs.apollo.dev/requiresScopes/v0.1\", for: SECURITY)",
                    List.of("directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on "
                            + ACCESS_CONTROL_LOCATIONS),
                    Map.of("requiresScopes__Scope", "scalar requiresScopes__Scope")),
            new Feature("policy", "@link(url: \"https://specs.apollo.dev/policy/v0.1\", for: SECURITY)",
                    List.of("directive @policy(policies: [[policy__Policy!]!]!) on " + ACCESS_CONTROL_LOCATIONS),
                    Map.of("policy__Policy", "scalar policy__Policy")));

    private final Map<String, String> graphEnumValues;
    private final Map<String, String> routingUrls;
    private final List<Feature> features;

    /** {@code features} names the linked specs in use, as in {@link #FEATURES}. */
    SupergraphPrinter(Map<String, String> graphEnumValues, Map<String, String> routingUrls, Set<String> features) {
        this.graphEnumValues = graphEnumValues;
        this.routingUrls = routingUrls;
        this.features = FEATURES.stream().filter(f -> features.contains(f.name())).toList();
    }

    String print(List<String> rootTypes, List<String> executableDirectives, List<Merged.Type> types) {
        List<String> blocks = new ArrayList<>();
        StringBuilder schema = new StringBuilder("schema\n  @link(url: \"" + LINK_URL + "\")\n  @link(url: \""
                + JOIN_URL + "\", for: EXECUTION)\n");
        features.forEach(feature -> schema.append("  ").append(feature.link()).append('\n'));
        schema.append("{\n");
        rootTypes.forEach(root -> schema.append("  ").append(operationName(root)).append(": ").append(root).append('\n'));
        blocks.add(schema.append('}').toString());

        Map<String, String> directives = new TreeMap<>(Comparator.comparing((String n) -> n.toLowerCase())
                .thenComparing(Comparator.naturalOrder()));
        features.forEach(feature -> feature.directives().forEach(d -> directives.put(directiveName(d), d)));
        JOIN_DIRECTIVES.forEach(d -> directives.put(directiveName(d), d));
        directives.put(directiveName(LINK_DIRECTIVE), LINK_DIRECTIVE);
        executableDirectives.forEach(d -> directives.put(directiveName(d), d));
        blocks.addAll(directives.values());

        Map<String, String> typeBlocks = new TreeMap<>(Comparator.comparing((String n) -> n.toLowerCase())
                .thenComparing(Comparator.naturalOrder()));
        typeBlocks.putAll(SPEC_TYPES);
        features.forEach(feature -> typeBlocks.putAll(feature.types()));
        typeBlocks.put("join__Graph", graphEnum());
        types.forEach(type -> typeBlocks.put(type.name(), printType(type)));
        blocks.addAll(typeBlocks.values());
        return String.join("\n\n", blocks) + "\n";
    }

    /** The name in a printed directive definition, which may start with a description. */
    private static String directiveName(String definition) {
        String rest = definition.substring(definition.indexOf("directive @") + "directive @".length());
        return rest.split("[ (]", 2)[0];
    }

    static String printDirectiveDefinition(String name, String description, List<Merged.Field> arguments,
            boolean repeatable, List<String> locations) {
        StringBuilder out = new StringBuilder();
        description(out, description, "");
        printSignature(out, "directive @" + name, arguments, "");
        return out.append(repeatable ? " repeatable" : "").append(" on ").append(String.join(" | ", locations))
                .toString();
    }

    private static String operationName(String rootType) {
        return switch (rootType) {
            case "Query" -> "query";
            case "Mutation" -> "mutation";
            default -> "subscription";
        };
    }

    private String graphEnum() {
        StringBuilder block = new StringBuilder("enum join__Graph {\n");
        graphEnumValues.forEach((name, value) -> block.append("  ").append(value).append(" @join__graph(name: ")
                .append(Composer.quote(name)).append(", url: ").append(Composer.quote(routingUrls.get(name)))
                .append(")\n"));
        return block.append('}').toString();
    }

    static String printType(Merged.Type type) {
        StringBuilder out = new StringBuilder();
        description(out, type.description(), "");
        out.append(type.kind().keyword).append(' ').append(type.name());
        if (!type.interfaces().isEmpty()) {
            out.append(" implements ").append(String.join(" & ", type.interfaces()));
        }
        type.directives().forEach(d -> out.append("\n  ").append(d));
        switch (type.kind()) {
            case UNION -> {
                if (!type.unionMembers().isEmpty()) {
                    out.append(type.directives().isEmpty() ? " = " : "\n = ")
                            .append(String.join(" | ", type.unionMembers()));
                }
                return out.toString();
            }
            case SCALAR -> {
                return out.toString();
            }
            default -> out.append(type.directives().isEmpty() ? " {\n" : "\n{\n");
        }
        if (type.kind() == TypeKind.ENUM) {
            boolean first = true;
            for (Merged.EnumValue value : type.values()) {
                if (value.description() != null && !first) {
                    out.append('\n');
                }
                description(out, value.description(), "  ");
                out.append("  ").append(value.name());
                value.directives().forEach(d -> out.append(' ').append(d));
                out.append('\n');
                first = false;
            }
        } else {
            boolean first = true;
            for (Merged.Field field : type.fields()) {
                if (field.description() != null && !first) {
                    out.append('\n');
                }
                printField(out, field, "  ");
                out.append('\n');
                first = false;
            }
        }
        return out.append('}').toString();
    }

    private static void printField(StringBuilder out, Merged.Field field, String indent) {
        description(out, field.description(), indent);
        out.append(indent);
        printSignature(out, field.name(), field.arguments(), indent);
        out.append(": ").append(field.type());
        if (field.defaultValue() != null) {
            out.append(" = ").append(field.defaultValue());
        }
        field.directives().forEach(d -> out.append(' ').append(d));
    }

    /** A name with its argument list, on one line unless an argument has a description. */
    private static void printSignature(StringBuilder out, String name, List<Merged.Field> arguments, String indent) {
        out.append(name);
        if (arguments.isEmpty()) {
            return;
        }
        if (arguments.stream().anyMatch(a -> a.description() != null)) {
            out.append("(\n");
            for (Merged.Field argument : arguments) {
                printField(out, argument, indent + "  ");
                out.append('\n');
            }
            out.append(indent).append(')');
        } else {
            out.append('(').append(arguments.stream().map(SupergraphPrinter::inlineArgument)
                    .collect(Collectors.joining(", "))).append(')');
        }
    }

    private static String inlineArgument(Merged.Field argument) {
        StringBuilder out = new StringBuilder();
        printField(out, argument, "");
        return out.toString();
    }

    /** GraphQL block-string description, on one line when short and simple. */
    static void description(StringBuilder out, String description, String indent) {
        if (description == null) {
            return;
        }
        String escaped = description.replace("\"\"\"", "\\\"\"\"");
        boolean multiline = escaped.contains("\n") || escaped.length() > 70 || escaped.endsWith("\"")
                || escaped.endsWith("\\");
        if (multiline) {
            out.append(indent).append("\"\"\"\n");
            for (String line : escaped.split("\n", -1)) {
                out.append(line.isEmpty() ? "" : indent + line).append('\n');
            }
            out.append(indent).append("\"\"\"\n");
        } else {
            out.append(indent).append("\"\"\"").append(escaped).append("\"\"\"\n");
        }
    }
}
