package io.streamplane.federation.compose;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.AstTransformer;
import graphql.language.DescribedNode;
import graphql.language.Description;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectiveLocation;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumTypeExtensionDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputObjectTypeExtensionDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.InterfaceTypeExtensionDefinition;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.language.ObjectField;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.ObjectValue;
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.ScalarTypeExtensionDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.TypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.language.UnionTypeExtensionDefinition;
import graphql.language.Value;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one subgraph SDL into a {@link Subgraph}: parses it, resolves how it names federation directives
 * ({@code @link} imports, renames, namespaces, or the plain Federation 1 names), folds definitions and extensions
 * together, renames custom root types to Query/Mutation/Subscription and checks plain GraphQL validity (known types,
 * known directives, directive locations and arguments). Federation rules
 * that need the whole subgraph ({@code @key} selections and the like) are checked by {@link SubgraphValidator}.
 */
final class SubgraphReader {

    private static final String LINK_SPEC_PREFIX = "https://specs.apollo.dev/link/";
    private static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");
    private static final Set<String> BUILT_IN_DIRECTIVES = Set.of("deprecated", "specifiedBy", "skip", "include",
            "oneOf", "defer", "stream");
    private static final Set<String> ROOT_FEDERATION_FIELDS = Set.of("_service", "_entities");
    private static final Set<String> ACCESS_CONTROL_LOCATIONS = Set.of("FIELD_DEFINITION", "OBJECT", "INTERFACE",
            "SCALAR", "ENUM");
    /** Where each federation directive may appear, with graphql-java's location names. */
    private static final Map<String, Set<String>> LOCATIONS = Map.ofEntries(
            Map.entry("key", Set.of("OBJECT", "INTERFACE")),
            Map.entry("extends", Set.of("OBJECT", "INTERFACE")),
            Map.entry("interfaceObject", Set.of("OBJECT")),
            Map.entry("shareable", Set.of("OBJECT", "FIELD_DEFINITION")),
            Map.entry("external", Set.of("OBJECT", "FIELD_DEFINITION")),
            Map.entry("requires", Set.of("FIELD_DEFINITION")),
            Map.entry("provides", Set.of("FIELD_DEFINITION")),
            Map.entry("override", Set.of("FIELD_DEFINITION")),
            Map.entry("inaccessible", Set.of("FIELD_DEFINITION", "OBJECT", "INTERFACE", "UNION", "ARGUMENT_DEFINITION",
                    "SCALAR", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION")),
            Map.entry("authenticated", ACCESS_CONTROL_LOCATIONS),
            Map.entry("requiresScopes", ACCESS_CONTROL_LOCATIONS),
            Map.entry("policy", ACCESS_CONTROL_LOCATIONS),
            Map.entry("tag", Set.of("FIELD_DEFINITION", "OBJECT", "INTERFACE", "UNION", "ARGUMENT_DEFINITION",
                    "SCALAR", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION", "SCHEMA")));

    private final SubgraphSource source;
    private final List<CompositionError> errors;
    private final DirectiveNames names = new DirectiveNames();
    private final Map<String, CompositionError.Location> locations = new HashMap<>();
    private Subgraph subgraph;

    private SubgraphReader(SubgraphSource source, List<CompositionError> errors) {
        this.source = source;
        this.errors = errors;
    }

    /** Reads a subgraph, adding every problem found to {@code errors}; empty when it cannot be read at all. */
    static Optional<Subgraph> read(SubgraphSource source, List<CompositionError> errors) {
        return new SubgraphReader(source, errors).read();
    }

    private Optional<Subgraph> read() {
        Document document;
        try {
            document = new Parser().parseDocument(ParserEnvironment.newParserEnvironment()
                    .document(source.sdl())
                    .parserOptions(ParserOptions.getDefaultSdlParserOptions())
                    .build());
        } catch (InvalidSyntaxException e) {
            SourceLocation at = e.getLocation();
            errors.add(new CompositionError(ErrorCode.INVALID_GRAPHQL, source.name(), "", "Invalid SDL: " + e.getMessage(),
                    Optional.ofNullable(at).map(l -> new CompositionError.Location(l.getLine(), l.getColumn()))));
            return Optional.empty();
        }
        int before = errors.size();
        for (SchemaDefinition schema : document.getDefinitionsOfType(SchemaDefinition.class)) {
            schema.getDirectives().stream().filter(d -> d.getName().equals("link")).findFirst()
                    .ifPresent(link -> locate("@link", link));
        }
        for (DirectiveDefinition directive : document.getDefinitionsOfType(DirectiveDefinition.class)) {
            locate("@" + directive.getName(), directive);
        }
        Optional<Boolean> federation1 = resolveLinks(document);
        if (federation1.isEmpty()) {
            return Optional.empty();
        }
        Optional<Document> normalized = normalizeRootTypes(document);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        document = normalized.get();
        subgraph = new Subgraph(source.name(), source.routingUrl(), federation1.get());
        readDirectiveDefinitions(document);
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof TypeDefinition<?> typeDefinition
                    && !FederationSpec.FEDERATION_TYPES.contains(typeDefinition.getName())) {
                readType(typeDefinition);
            }
        }
        // every subgraph serves Query (at least _service and _entities), so it takes part in the Query type
        subgraph.types.computeIfAbsent("Query", name -> new Subgraph.NamedType(name, TypeKind.OBJECT));
        // like Apollo: @external on any block of a type makes every field of the type external
        subgraph.types.values().stream().filter(t -> t.external)
                .forEach(t -> t.fields.values().forEach(f -> f.external = true));
        checkReferences();
        subgraph.locations.putAll(locations);
        return errors.size() == before ? Optional.of(subgraph) : Optional.empty();
    }

    // ---- @link resolution -------------------------------------------------------------------------------------

    /** Returns whether this is a Federation 1 subgraph, or empty when its federation link is unusable. */
    private Optional<Boolean> resolveLinks(Document document) {
        Directive federationLink = null;
        for (SchemaDefinition schema : document.getDefinitionsOfType(SchemaDefinition.class)) {
            for (Directive directive : schema.getDirectives()) {
                if (!directive.getName().equals("link")) {
                    continue;
                }
                Optional<String> url = stringArgument(directive, "url");
                if (url.isEmpty()) {
                    error(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "@link", "@link needs a string \"url\" argument");
                    return Optional.empty();
                }
                if (url.get().startsWith(FederationSpec.SPEC_PREFIX)) {
                    federationLink = directive;
                } else if (!url.get().startsWith(LINK_SPEC_PREFIX)) {
                    bindForeignLink(directive, url.get());
                }
            }
        }
        if (federationLink == null) {
            FederationSpec.FEDERATION_1_DIRECTIVES.forEach(name -> names.bind(name, name));
            return Optional.of(true);
        }
        String url = stringArgument(federationLink, "url").orElseThrow();
        Optional<Integer> minor = FederationSpec.minorVersion(url);
        if (minor.isEmpty()) {
            error(ErrorCode.UNKNOWN_FEDERATION_LINK_VERSION, "@link",
                    "Invalid version in \"" + url + "\": supported federation versions are v2.0 to v2."
                            + FederationSpec.HIGHEST_MINOR);
            return Optional.empty();
        }
        String namespace = stringArgument(federationLink, "as").orElse("federation");
        for (FederationSpec.Directive directive : FederationSpec.DIRECTIVES.values()) {
            if (directive.sinceMinor() <= minor.get()) {
                names.bind(namespace + "__" + directive.name(), directive.name());
            }
        }
        return bindImports(federationLink, minor.get()) ? Optional.of(false) : Optional.empty();
    }

    private boolean bindImports(Directive link, int minor) {
        if (link.getArgument("import") == null) {
            return true;
        }
        if (!(link.getArgument("import").getValue() instanceof ArrayValue imports)) {
            error(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "@link", "\"import\" must be a list");
            return false;
        }
        boolean valid = true;
        for (Value<?> element : imports.getValues()) {
            String name;
            String alias;
            if (element instanceof StringValue string) {
                name = string.getValue();
                alias = name;
            } else if (element instanceof ObjectValue object) {
                name = objectString(object, "name");
                alias = Optional.ofNullable(objectString(object, "as")).orElse(name);
            } else {
                name = null;
                alias = null;
            }
            if (name == null || name.startsWith("@") != alias.startsWith("@")) {
                error(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "@link",
                        "Invalid import " + element + ": use \"@name\" or {name: \"@name\", as: \"@alias\"}");
                valid = false;
                continue;
            }
            if (!name.startsWith("@")) {
                continue; // a type import such as FieldSet; federation types are dropped anyway
            }
            String canonical = name.substring(1);
            FederationSpec.Directive directive = FederationSpec.DIRECTIVES.get(canonical);
            if (directive == null || directive.sinceMinor() > minor) {
                error(ErrorCode.INVALID_LINK_DIRECTIVE_USAGE, "@link", "Cannot import unknown element \"" + name
                        + "\" from federation v2." + minor);
                valid = false;
                continue;
            }
            names.bind(alias.substring(1), canonical);
        }
        return valid;
    }

    private void bindForeignLink(Directive link, String url) {
        String[] segments = url.replaceAll("/+$", "").split("/");
        String specName = segments.length >= 2 ? segments[segments.length - 2] : url;
        names.addForeignPrefix(stringArgument(link, "as").orElse(specName));
        names.addForeignName(stringArgument(link, "as").orElse(specName));
        if (link.getArgument("import") != null && link.getArgument("import").getValue() instanceof ArrayValue list) {
            for (Value<?> element : list.getValues()) {
                String imported = element instanceof StringValue string ? string.getValue()
                        : element instanceof ObjectValue object
                        ? Optional.ofNullable(objectString(object, "as")).orElse(objectString(object, "name")) : null;
                if (imported != null && imported.startsWith("@")) {
                    names.addForeignName(imported.substring(1));
                }
            }
        }
    }

    /**
     * Root types with other names ({@code schema { query: RootQuery }}) are renamed to Query, Mutation and
     * Subscription, as in every supergraph; a subgraph that also defines a type with the standard name is in error.
     */
    private Optional<Document> normalizeRootTypes(Document document) {
        Map<String, String> renames = new HashMap<>();
        for (SchemaDefinition schema : document.getDefinitionsOfType(SchemaDefinition.class)) {
            for (OperationTypeDefinition operation : schema.getOperationTypeDefinitions()) {
                String standard = switch (operation.getName()) {
                    case "query" -> "Query";
                    case "mutation" -> "Mutation";
                    default -> "Subscription";
                };
                String actual = operation.getTypeName().getName();
                if (!actual.equals(standard)) {
                    renames.put(actual, standard);
                }
            }
        }
        if (renames.isEmpty()) {
            return Optional.of(document);
        }
        boolean valid = true;
        for (TypeDefinition<?> type : document.getDefinitionsOfType(TypeDefinition.class)) {
            if (renames.containsValue(type.getName())) {
                ErrorCode code = switch (type.getName()) {
                    case "Query" -> ErrorCode.ROOT_QUERY_USED;
                    case "Mutation" -> ErrorCode.ROOT_MUTATION_USED;
                    default -> ErrorCode.ROOT_SUBSCRIPTION_USED;
                };
                error(code, type.getName(), "The schema has a type named \"" + type.getName()
                        + "\" but it is not set as the " + type.getName().toLowerCase(Locale.ROOT)
                        + " root type; this is not supported by federation");
                valid = false;
            }
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of((Document) new AstTransformer().transform(document, new NodeVisitorStub() {
            @Override
            public TraversalControl visitTypeName(TypeName node, TraverserContext<Node> context) {
                String renamed = renames.get(node.getName());
                return renamed == null ? TraversalControl.CONTINUE
                        : TreeTransformerUtil.changeNode(context, node.transform(b -> b.name(renamed)));
            }

            @Override
            public TraversalControl visitObjectTypeDefinition(ObjectTypeDefinition node, TraverserContext<Node> context) {
                String renamed = renames.get(node.getName());
                if (renamed == null) {
                    return TraversalControl.CONTINUE;
                }
                ObjectTypeDefinition changed = node instanceof ObjectTypeExtensionDefinition extension
                        ? extension.transformExtension(b -> b.name(renamed)) : node.transform(b -> b.name(renamed));
                return TreeTransformerUtil.changeNode(context, changed);
            }
        }));
    }

    // ---- directive definitions --------------------------------------------------------------------------------

    private void readDirectiveDefinitions(Document document) {
        for (DirectiveDefinition definition : document.getDefinitionsOfType(DirectiveDefinition.class)) {
            String name = definition.getName();
            Optional<String> canonical = names.canonical(name);
            if (canonical.isPresent()) {
                checkFederationDefinition(definition, FederationSpec.DIRECTIVES.get(canonical.get()));
            } else if (name.equals("link") || names.isForeign(name)) {
                continue;
            } else if (BUILT_IN_DIRECTIVES.contains(name)) {
                error(ErrorCode.DIRECTIVE_DEFINITION_INVALID, "@" + name,
                        "Built-in directive @" + name + " must not be redefined");
            } else if (subgraph.directiveDefinitions.putIfAbsent(name, definition) != null) {
                error(ErrorCode.INVALID_GRAPHQL, "@" + name, "There can be only one directive named \"@" + name + "\"");
            }
        }
    }

    private void checkFederationDefinition(DirectiveDefinition definition, FederationSpec.Directive expected) {
        for (InputValueDefinition argument : definition.getInputValueDefinitions()) {
            if (!expected.knowsArgument(argument.getName())) {
                error(ErrorCode.DIRECTIVE_DEFINITION_INVALID, "@" + definition.getName(), "Invalid definition for @"
                        + definition.getName() + ": unknown argument \"" + argument.getName() + "\"");
            }
        }
        for (String required : expected.requiredArguments()) {
            boolean declared = definition.getInputValueDefinitions().stream()
                    .anyMatch(argument -> argument.getName().equals(required));
            if (!declared) {
                error(ErrorCode.DIRECTIVE_DEFINITION_INVALID, "@" + definition.getName(), "Invalid definition for @"
                        + definition.getName() + ": missing required argument \"" + required + "\"");
            }
        }
        Set<String> allowed = LOCATIONS.get(expected.name());
        if (allowed != null) {
            for (DirectiveLocation location : definition.getDirectiveLocations()) {
                if (!allowed.contains(location.getName())) {
                    error(ErrorCode.DIRECTIVE_DEFINITION_INVALID, "@" + definition.getName(), "Invalid definition for @"
                            + definition.getName() + ": location " + location.getName() + " is not allowed");
                }
            }
        }
    }

    // ---- types ------------------------------------------------------------------------------------------------

    private void readType(TypeDefinition<?> definition) {
        TypeKind kind = kindOf(definition);
        String name = definition.getName();
        locate(name, definition);
        boolean extendsDirective = definition.getDirectives().stream().anyMatch(d -> isFederation(d, "extends"));
        boolean extensionBlock = isExtension(definition) || extendsDirective;
        Subgraph.NamedType existing = subgraph.types.get(name);
        if (existing == null) {
            existing = new Subgraph.NamedType(name, kind);
            existing.extension = true;
            subgraph.types.put(name, existing);
        }
        Subgraph.NamedType type = existing;
        if (type.kind != kind) {
            error(ErrorCode.INVALID_GRAPHQL, name, "\"" + name + "\" is defined both as " + type.kind.keyword
                    + " and as " + kind.keyword + " at " + where(definition.getSourceLocation()));
            return;
        } else if (!extensionBlock && !type.extension) {
            error(ErrorCode.INVALID_GRAPHQL, name, "There can be only one type named \"" + name + "\"");
            return;
        }
        if (!extensionBlock) {
            type.extension = false;
        }
        type.extendsDirective |= extendsDirective;
        Description description = definition instanceof DescribedNode<?> described ? described.getDescription() : null;
        if (description != null && type.description == null) {
            type.description = description.getContent();
        }
        BlockFlags block = readTypeDirectives(type, definition);
        type.external |= block.external();
        // scalars carry nothing but directives and a description
        if (definition instanceof ObjectTypeDefinition object) {
            object.getImplements().forEach(t -> type.interfaces.add(namedType(t)));
            object.getFieldDefinitions().forEach(f -> readField(type, f, block));
        } else if (definition instanceof InterfaceTypeDefinition anInterface) {
            anInterface.getImplements().forEach(t -> type.interfaces.add(namedType(t)));
            anInterface.getFieldDefinitions().forEach(f -> readField(type, f, new BlockFlags(false, false)));
        } else if (definition instanceof UnionTypeDefinition union) {
            union.getMemberTypes().forEach(t -> type.unionMembers.add(namedType(t)));
        } else if (definition instanceof EnumTypeDefinition anEnum) {
            anEnum.getEnumValueDefinitions().forEach(v -> readEnumValue(type, v));
        } else if (definition instanceof InputObjectTypeDefinition input) {
            input.getInputValueDefinitions().forEach(f -> readInputField(type, f));
        }
    }

    /** {@code @shareable} covers the fields of its own block; {@code @external} covers the whole type. */
    private record BlockFlags(boolean shareable, boolean external) {
    }

    /** Reads the directives of a type block. */
    private BlockFlags readTypeDirectives(Subgraph.NamedType type, TypeDefinition<?> definition) {
        boolean shareable = false;
        boolean external = false;
        String location = type.kind == TypeKind.INPUT_OBJECT ? "INPUT_OBJECT" : type.kind.name();
        for (Directive directive : definition.getDirectives()) {
            Optional<String> canonical = federationName(directive, location, type.name);
            if (canonical.isEmpty()) {
                continue;
            }
            switch (canonical.get()) {
                case "key" -> readKey(type, directive);
                case "shareable" -> shareable = true;
                case "external" -> external = true;
                case "interfaceObject" -> type.interfaceObject = true;
                default -> {
                    // @extends was taken into account when the block was classified
                    copy(type.applied, directive, canonical.get(), type.name);
                }
            }
        }
        return new BlockFlags(shareable, external);
    }

    private void readKey(Subgraph.NamedType type, Directive key) {
        if (!(key.getArgument("fields") != null && key.getArgument("fields").getValue() instanceof StringValue fields)) {
            error(ErrorCode.KEY_INVALID_FIELDS_TYPE, type.name, "On type \"" + type.name
                    + "\", the \"fields\" argument of @key must be a string");
            return;
        }
        boolean given = key.getArgument("resolvable") != null;
        boolean resolvable = !(given && key.getArgument("resolvable").getValue() instanceof BooleanValue flag
                && !flag.isValue());
        type.keys.add(new Subgraph.Key(fields.getValue(), resolvable, given));
    }

    private void readField(Subgraph.NamedType type, FieldDefinition definition, BlockFlags block) {
        if (type.name.equals("Query") && ROOT_FEDERATION_FIELDS.contains(definition.getName())) {
            return;
        }
        Subgraph.Field field = new Subgraph.Field(type.name, definition.getName());
        locate(field.coordinate(), definition);
        if (type.fields.putIfAbsent(field.name, field) != null) {
            error(ErrorCode.INVALID_GRAPHQL, field.coordinate(), "Field \"" + field.coordinate()
                    + "\" can only be defined once");
            return;
        }
        field.description = text(definition.getDescription());
        field.type = definition.getType();
        field.shareable = block.shareable();
        for (InputValueDefinition argument : definition.getInputValueDefinitions()) {
            Subgraph.Field read = readInputValue(field.coordinate() + "(" + argument.getName() + ":)",
                    type.name, argument, "ARGUMENT_DEFINITION");
            field.arguments.put(read.name, read);
        }
        for (Directive directive : definition.getDirectives()) {
            if (directive.getName().equals("deprecated")) {
                copy(field.applied, directive, "deprecated", field.coordinate());
                continue;
            }
            Optional<String> canonical = federationName(directive, "FIELD_DEFINITION", field.coordinate());
            if (canonical.isEmpty()) {
                continue;
            }
            switch (canonical.get()) {
                case "external" -> field.external = true;
                case "shareable" -> field.shareable = true;
                case "requires" -> field.requires = fieldSetArgument(directive, field, ErrorCode.REQUIRES_INVALID_FIELDS_TYPE);
                case "provides" -> field.provides = fieldSetArgument(directive, field, ErrorCode.PROVIDES_INVALID_FIELDS_TYPE);
                case "override" -> {
                    field.overrideFrom = stringArgument(directive, "from").orElse("");
                    field.overrideLabel = stringArgument(directive, "label").orElse(null);
                }
                default -> {
                    if (!copy(field.applied, directive, canonical.get(), field.coordinate())) {
                        error(ErrorCode.INVALID_GRAPHQL, field.coordinate(), "Directive \"@" + directive.getName()
                                + "\" may not be used on FIELD_DEFINITION");
                    }
                }
            }
        }
    }

    private void readInputField(Subgraph.NamedType type, InputValueDefinition definition) {
        Subgraph.Field field = readInputValue(type.name + "." + definition.getName(), type.name, definition,
                "INPUT_FIELD_DEFINITION");
        if (type.fields.putIfAbsent(field.name, field) != null) {
            error(ErrorCode.INVALID_GRAPHQL, field.coordinate(), "Field \"" + field.coordinate()
                    + "\" can only be defined once");
        }
    }

    private Subgraph.Field readInputValue(String coordinate, String parent, InputValueDefinition definition,
            String location) {
        Subgraph.Field value = new Subgraph.Field(parent, definition.getName());
        locate(coordinate, definition);
        value.description = text(definition.getDescription());
        value.type = definition.getType();
        value.defaultValue = definition.getDefaultValue();
        readValueDirectives(value.applied, definition.getDirectives(), location, coordinate);
        return value;
    }

    private void readEnumValue(Subgraph.NamedType type, EnumValueDefinition definition) {
        Subgraph.EnumValue value = new Subgraph.EnumValue(definition.getName());
        String coordinate = type.name + "." + value.name;
        locate(coordinate, definition);
        if (type.enumValues.putIfAbsent(value.name, value) != null) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Enum value \"" + coordinate + "\" can only be defined once");
            return;
        }
        value.description = text(definition.getDescription());
        readValueDirectives(value.applied, definition.getDirectives(), "ENUM_VALUE", coordinate);
    }

    /** Arguments, input fields and enum values only carry directives that composition copies. */
    private void readValueDirectives(AppliedDirectives applied, List<Directive> directives, String location,
            String coordinate) {
        for (Directive directive : directives) {
            if (directive.getName().equals("deprecated")) {
                copy(applied, directive, "deprecated", coordinate);
            } else {
                federationName(directive, location, coordinate)
                        .ifPresent(canonical -> copy(applied, directive, canonical, coordinate));
            }
        }
    }

    /** Records a directive the supergraph keeps; false when the directive is not one of those. */
    private boolean copy(AppliedDirectives applied, Directive directive, String canonical, String coordinate) {
        switch (canonical) {
            case "inaccessible" -> applied.inaccessible = true;
            case "deprecated" -> applied.deprecationReason = deprecationReason(directive);
            case "tag" -> readTag(directive, coordinate).ifPresent(applied.tags::add);
            case "authenticated" -> applied.authenticated = true;
            case "requiresScopes" -> applied.requiresScopes = AppliedDirectives.allOf(applied.requiresScopes,
                    alternatives(directive, "scopes", coordinate));
            case "policy" -> applied.policies = AppliedDirectives.allOf(applied.policies,
                    alternatives(directive, "policies", coordinate));
            default -> {
                return false;
            }
        }
        if (!canonical.equals("inaccessible")) {
            applied.seen(canonical);
        }
        return true;
    }

    /** A {@code [[String!]!]!} argument: alternatives, each a set of names that must all hold. */
    private List<List<String>> alternatives(Directive directive, String argument, String coordinate) {
        List<List<String>> alternatives = new ArrayList<>();
        boolean valid = directive.getArgument(argument) != null
                && directive.getArgument(argument).getValue() instanceof ArrayValue;
        if (valid) {
            for (Value<?> alternative : ((ArrayValue) directive.getArgument(argument).getValue()).getValues()) {
                if (!(alternative instanceof ArrayValue all)
                        || !all.getValues().stream().allMatch(v -> v instanceof StringValue)) {
                    valid = false;
                    break;
                }
                alternatives.add(all.getValues().stream().map(v -> ((StringValue) v).getValue()).distinct().toList());
            }
        }
        if (!valid) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "\"" + argument + "\" of @" + directive.getName()
                    + " must be a list of lists of strings, e.g. [[\"a\", \"b\"], [\"c\"]]");
            return List.of(List.of());
        }
        return alternatives;
    }

    // ---- directive applications -------------------------------------------------------------------------------

    /**
     * Resolves a directive application to its canonical federation name, checking that it is known and allowed at
     * this location. Empty for custom and foreign-spec directives (composition drops them) and for errors.
     */
    private Optional<String> federationName(Directive directive, String location, String coordinate) {
        String name = directive.getName();
        Optional<String> canonical = names.canonical(name);
        if (canonical.isEmpty()) {
            if (!names.isForeign(name) && !subgraph.directiveDefinitions.containsKey(name)
                    && !BUILT_IN_DIRECTIVES.contains(name)) {
                error(ErrorCode.INVALID_GRAPHQL, coordinate, "Unknown directive \"@" + name + "\"");
            } else if (subgraph.directiveDefinitions.containsKey(name)) {
                checkCustomLocation(subgraph.directiveDefinitions.get(name), location, coordinate);
            }
            return Optional.empty();
        }
        if (FederationSpec.UNSUPPORTED.contains(canonical.get())) {
            error(ErrorCode.UNSUPPORTED_FEATURE, coordinate, "Directive \"@" + name
                    + "\" is valid federation but this composer does not support it yet");
            return Optional.empty();
        }
        Set<String> allowed = LOCATIONS.get(canonical.get());
        if (allowed != null && !allowed.contains(location)) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Directive \"@" + name + "\" may not be used on " + location);
            return Optional.empty();
        }
        FederationSpec.Directive spec = FederationSpec.DIRECTIVES.get(canonical.get());
        for (Argument argument : directive.getArguments()) {
            if (!spec.knowsArgument(argument.getName())) {
                error(ErrorCode.INVALID_GRAPHQL, coordinate, "Unknown argument \"" + argument.getName()
                        + "\" on directive \"@" + name + "\"");
                return Optional.empty();
            }
        }
        for (String required : spec.requiredArguments()) {
            if (directive.getArgument(required) == null) {
                error(ErrorCode.INVALID_GRAPHQL, coordinate, "Directive \"@" + name + "\" is missing its required \""
                        + required + "\" argument");
                return Optional.empty();
            }
        }
        return canonical;
    }

    private void checkCustomLocation(DirectiveDefinition definition, String location, String coordinate) {
        boolean allowed = definition.getDirectiveLocations().stream().anyMatch(l -> l.getName().equals(location));
        if (!allowed) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Directive \"@" + definition.getName()
                    + "\" may not be used on " + location);
        }
    }

    private boolean isFederation(Directive directive, String canonicalName) {
        return names.canonical(directive.getName()).filter(canonicalName::equals).isPresent();
    }

    private String fieldSetArgument(Directive directive, Subgraph.Field field, ErrorCode invalidType) {
        if (directive.getArgument("fields") != null && directive.getArgument("fields").getValue() instanceof StringValue s) {
            return s.getValue();
        }
        error(invalidType, field.coordinate(), "On field \"" + field.coordinate() + "\", the \"fields\" argument of @"
                + directive.getName() + " must be a string");
        return null;
    }

    private Optional<String> readTag(Directive tag, String coordinate) {
        Optional<String> name = stringArgument(tag, "name");
        if (name.isEmpty()) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "@" + tag.getName() + " needs a string \"name\" argument");
        }
        return name;
    }

    /** The explicit reason, or "" for a bare {@code @deprecated} (kept bare in the supergraph, as Apollo does). */
    private static String deprecationReason(Directive deprecated) {
        return stringArgument(deprecated, "reason").orElse("");
    }

    // ---- references -------------------------------------------------------------------------------------------

    private void checkReferences() {
        for (Subgraph.NamedType type : subgraph.types.values()) {
            for (String anInterface : type.interfaces) {
                requireKind(anInterface, Set.of(TypeKind.INTERFACE), type.name, "implement");
            }
            for (String member : type.unionMembers) {
                requireKind(member, Set.of(TypeKind.OBJECT), type.name, "be a member of a union");
            }
            for (Subgraph.Field field : type.fields.values()) {
                boolean input = type.kind == TypeKind.INPUT_OBJECT;
                checkTypeReference(field.type, field.coordinate(), input);
                for (Subgraph.Field argument : field.arguments.values()) {
                    checkTypeReference(argument.type, field.coordinate() + "(" + argument.name + ":)", true);
                }
            }
        }
    }

    private void requireKind(String typeName, Set<TypeKind> kinds, String coordinate, String usage) {
        Subgraph.NamedType target = subgraph.types.get(typeName);
        if (target == null) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Unknown type \"" + typeName + "\"");
        } else if (!kinds.contains(target.kind)) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Type \"" + typeName + "\" is a " + target.kind.keyword
                    + " and cannot " + usage);
        }
    }

    private void checkTypeReference(Type<?> type, String coordinate, boolean inputPosition) {
        String name = namedType(type);
        if (BUILT_IN_SCALARS.contains(name)) {
            return;
        }
        Subgraph.NamedType target = subgraph.types.get(name);
        if (target == null) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "Unknown type \"" + name + "\"");
        } else if (inputPosition && target.kind.isComposite()) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "The type of \"" + coordinate + "\" must be an input type but "
                    + name + " is a " + target.kind.keyword);
        } else if (!inputPosition && target.kind == TypeKind.INPUT_OBJECT) {
            error(ErrorCode.INVALID_GRAPHQL, coordinate, "The type of \"" + coordinate
                    + "\" must be an output type but " + name + " is an input type");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static String namedType(Type<?> type) {
        return TypeShapes.namedType(type);
    }

    private static TypeKind kindOf(TypeDefinition<?> definition) {
        if (definition instanceof ObjectTypeDefinition) {
            return TypeKind.OBJECT;
        } else if (definition instanceof InterfaceTypeDefinition) {
            return TypeKind.INTERFACE;
        } else if (definition instanceof UnionTypeDefinition) {
            return TypeKind.UNION;
        } else if (definition instanceof EnumTypeDefinition) {
            return TypeKind.ENUM;
        } else if (definition instanceof InputObjectTypeDefinition) {
            return TypeKind.INPUT_OBJECT;
        } else if (definition instanceof ScalarTypeDefinition) {
            return TypeKind.SCALAR;
        }
        throw new IllegalArgumentException("not a named type definition: " + definition);
    }

    private static boolean isExtension(TypeDefinition<?> definition) {
        return definition instanceof ObjectTypeExtensionDefinition
                || definition instanceof InterfaceTypeExtensionDefinition
                || definition instanceof UnionTypeExtensionDefinition
                || definition instanceof EnumTypeExtensionDefinition
                || definition instanceof InputObjectTypeExtensionDefinition
                || definition instanceof ScalarTypeExtensionDefinition;
    }

    static Optional<String> stringArgument(Directive directive, String argument) {
        if (directive.getArgument(argument) != null && directive.getArgument(argument).getValue() instanceof StringValue s) {
            return Optional.of(s.getValue());
        }
        return Optional.empty();
    }

    private static String objectString(ObjectValue object, String field) {
        for (ObjectField objectField : object.getObjectFields()) {
            if (objectField.getName().equals(field) && objectField.getValue() instanceof StringValue s) {
                return s.getValue();
            }
        }
        return null;
    }

    private static String text(Description description) {
        return description == null ? null : description.getContent();
    }

    private static String where(SourceLocation location) {
        return location == null ? "?" : "line " + location.getLine() + ", column " + location.getColumn();
    }

    private void error(ErrorCode code, String coordinate, String message) {
        errors.add(new CompositionError(code, source.name(), coordinate, message,
                Optional.ofNullable(locations.get(coordinate))));
    }

    /** Remembers where an element is first defined, so that errors about it can point there. */
    private void locate(String coordinate, Node<?> node) {
        SourceLocation location = node.getSourceLocation();
        if (location != null) {
            locations.putIfAbsent(coordinate, new CompositionError.Location(location.getLine(), location.getColumn()));
        }
    }
}
