package io.streamplane.federation.compose;

import graphql.language.AstPrinter;
import io.streamplane.federation.querygraph.Satisfiability;
import io.streamplane.federation.supergraph.SupergraphReader;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectiveLocation;
import graphql.language.InputValueDefinition;
import graphql.language.NonNullType;
import graphql.language.Type;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Composes Federation subgraphs into a supergraph SDL (link v1.0 + join v0.5), following the Federation 2 merge
 * rules: object and interface fields and union members by union, arguments and input fields by intersection, enums by
 * usage, output field types to the most general and input types to the most restrictive compatible type,
 * shareability, {@code @override} (with progressive-override labels), {@code @interfaceObject}, {@code @inaccessible},
 * {@code @tag} and the access-control directives ({@code @authenticated}; {@code @requiresScopes} and {@code @policy}
 * requirements of several subgraphs are combined so that all of them hold).
 *
 * Output field types may differ by subtype (the merged field returns the interface or union); executable directive
 * definitions are merged by intersection. Every supergraph is checked by deriving its API schema.
 *
 * Finally every field of the API schema must be reachable from the root types through some plan across the
 * subgraphs ({@link Satisfiability}, on the query graph the gateway's planner uses), else SATISFIABILITY_ERROR.
 *
 * <p>Not covered here: {@code @composeDirective} (type-system directives
 * are dropped), {@code @fromContext}/{@code @context} and the cost directives (reported as UNSUPPORTED_FEATURE).
 */
public final class Composer {

    private static final List<String> ROOT_TYPES = List.of("Query", "Mutation", "Subscription");
    private static final List<String> ACCESS_CONTROL = List.of("authenticated", "requiresScopes", "policy");
    private static final Set<String> EXECUTABLE_LOCATIONS = Set.of("QUERY", "MUTATION", "SUBSCRIPTION", "FIELD",
            "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION");

    /** One subgraph's version of a merged element. */
    private record Source<T>(Subgraph subgraph, T element) {
    }

    private final List<Subgraph> subgraphs;
    private final Map<String, String> graphEnumValues;
    private final List<CompositionError> errors = new ArrayList<>();
    private final Set<String> usedAsInput = new HashSet<>();
    private final Set<String> usedAsOutput = new HashSet<>();
    private final Map<String, Merged.Type> merged = new LinkedHashMap<>();
    /** Interfaces each type implements and unions it belongs to, in any subgraph. */
    private final Map<String, Set<String>> supertypes = new HashMap<>();
    /** Canonical names of the linked specs the supergraph uses besides join: tag, authenticated... */
    private final Set<String> features = new HashSet<>();
    private boolean usesInaccessible;

    private Composer(List<Subgraph> subgraphs) {
        // like Apollo: subgraph order (join__Graph, join directives, field order) is by name, not by input order
        this.subgraphs = subgraphs.stream().sorted(Comparator.comparing(s -> s.name)).toList();
        this.graphEnumValues = GraphNames.enumValues(this.subgraphs.stream().map(s -> s.name).toList());
    }

    /** Composes the subgraphs; the result does not depend on their order. */
    public static CompositionResult compose(List<SubgraphSource> sources) {
        List<CompositionError> errors = new ArrayList<>();
        checkNames(sources, errors);
        List<Subgraph> subgraphs = new ArrayList<>();
        for (SubgraphSource source : sources) {
            SubgraphReader.read(source, errors)
                    .filter(subgraph -> SubgraphValidator.validate(subgraph, errors))
                    .ifPresent(subgraphs::add);
        }
        if (!errors.isEmpty()) {
            return CompositionResult.failure(errors);
        }
        return new Composer(subgraphs).run();
    }

    private static void checkNames(List<SubgraphSource> sources, List<CompositionError> errors) {
        if (sources.isEmpty()) {
            errors.add(new CompositionError(ErrorCode.NO_QUERIES, "", "", "No subgraphs to compose"));
        }
        Set<String> seen = new HashSet<>();
        for (SubgraphSource source : sources) {
            if (source.name().isBlank() || source.name().equals("_")) {
                errors.add(new CompositionError(ErrorCode.INVALID_SUBGRAPH_NAME, source.name(), "",
                        "Invalid subgraph name \"" + source.name() + "\": it must be non-blank and not \"_\""));
            } else if (!seen.add(source.name())) {
                errors.add(new CompositionError(ErrorCode.INVALID_SUBGRAPH_NAME, source.name(), "",
                        "Subgraph name \"" + source.name() + "\" is used more than once"));
            }
        }
    }

    private CompositionResult run() {
        recordTypeUsage();
        Map<String, List<Source<Subgraph.NamedType>>> typesByName = new LinkedHashMap<>();
        for (Subgraph subgraph : subgraphs) {
            for (Subgraph.NamedType type : subgraph.types.values()) {
                typesByName.computeIfAbsent(type.name, n -> new ArrayList<>()).add(new Source<>(subgraph, type));
            }
        }
        for (Map.Entry<String, List<Source<Subgraph.NamedType>>> entry : typesByName.entrySet()) {
            mergeType(entry.getKey(), entry.getValue());
        }
        if (!errors.isEmpty()) {
            return CompositionResult.failure(errors);
        }
        checkInterfaceObjectSubgraphs(typesByName);
        if (!errors.isEmpty()) {
            return CompositionResult.failure(errors);
        }
        addInterfaceObjectFieldsToImplementations(typesByName);
        checkInterfaceImplementations();
        Merged.Type query = merged.get("Query");
        if (query == null || query.fields().isEmpty()) {
            errors.add(new CompositionError(ErrorCode.NO_QUERIES, "", "Query",
                    "No queries found in any subgraph: a supergraph must have a query root type"));
        }
        if (!errors.isEmpty()) {
            return CompositionResult.failure(errors);
        }
        List<String> roots = ROOT_TYPES.stream().filter(merged::containsKey).toList();
        Map<String, String> urls = new LinkedHashMap<>();
        subgraphs.forEach(s -> urls.put(s.name, s.routingUrl));
        List<String> directives = mergeExecutableDirectives();
        if (!errors.isEmpty()) {
            return CompositionResult.failure(errors);
        }
        if (usesInaccessible) {
            features.add("inaccessible");
        }
        features.remove("deprecated");
        String supergraph = new SupergraphPrinter(graphEnumValues, urls, features)
                .print(roots, directives, List.copyOf(merged.values()));
        ApiSchema api;
        try {
            api = ApiSchema.fromSupergraph(supergraph);
        } catch (ApiSchema.InvalidSupergraphException e) {
            return CompositionResult.failure(e.errors());
        }
        List<CompositionError> unsatisfiable = Satisfiability.check(
                        SupergraphReader.readForAnalysis(supergraph, api.schema()))
                .stream().map(f -> new CompositionError(ErrorCode.SATISFIABILITY_ERROR, "", f.coordinate(), f.message()))
                .toList();
        return unsatisfiable.isEmpty() ? CompositionResult.success(supergraph)
                : CompositionResult.failure(unsatisfiable);
    }

    private void recordTypeUsage() {
        for (Subgraph subgraph : subgraphs) {
            for (Subgraph.NamedType type : subgraph.types.values()) {
                supertypes.computeIfAbsent(type.name, n -> new HashSet<>()).addAll(type.interfaces);
                type.unionMembers.forEach(m -> supertypes.computeIfAbsent(m, n -> new HashSet<>()).add(type.name));
                for (Subgraph.Field field : type.fields.values()) {
                    (type.kind == TypeKind.INPUT_OBJECT ? usedAsInput : usedAsOutput)
                            .add(TypeShapes.namedType(field.type));
                    field.arguments.values().forEach(a -> usedAsInput.add(TypeShapes.namedType(a.type)));
                }
            }
        }
    }

    // ---- types ------------------------------------------------------------------------------------------------

    private void mergeType(String name, List<Source<Subgraph.NamedType>> sources) {
        TypeKind kind = supergraphKind(sources);
        for (Source<Subgraph.NamedType> source : sources) {
            TypeKind sourceKind = source.element().interfaceObject ? TypeKind.INTERFACE : source.element().kind;
            if (sourceKind != kind) {
                error(ErrorCode.TYPE_KIND_MISMATCH, source.subgraph().name, name, "Type \"" + name
                        + "\" has mismatched kind: it is defined as " + describeKinds(sources));
                return;
            }
        }
        boolean onlyExtensions = sources.stream().allMatch(s -> s.element().extension);
        if (onlyExtensions && !ROOT_TYPES.contains(name)) {
            error(ErrorCode.EXTENSION_WITH_NO_BASE, sources.get(0).subgraph().name, name, "Type \"" + name
                    + "\" is an extension type, but there is no type definition for \"" + name + "\" in any subgraph");
            return;
        }
        String description = chooseDescription(sources.stream().map(s -> s.element().description).toList());
        List<String> directives = new ArrayList<>();
        Set<String> interfaces = new LinkedHashSet<>();
        for (Source<Subgraph.NamedType> source : sources) {
            for (String anInterface : source.element().interfaces) {
                interfaces.add(anInterface);
                directives.add("@join__implements(graph: " + graph(source) + ", interface: " + quote(anInterface) + ")");
            }
        }
        for (Source<Subgraph.NamedType> source : sources) {
            directives.addAll(joinTypes(source));
        }
        List<Merged.Field> fields = List.of();
        List<String> members = List.of();
        List<Merged.EnumValue> values = List.of();
        switch (kind) {
            case OBJECT, INTERFACE -> fields = mergeOutputFields(name, kind, sources);
            case INPUT_OBJECT -> fields = mergeInputFields(name, sources);
            case UNION -> {
                Set<String> all = new LinkedHashSet<>();
                sources.forEach(source -> all.addAll(source.element().unionMembers));
                for (String member : all) {
                    sources.stream().filter(source -> source.element().unionMembers.contains(member)).forEach(source ->
                            directives.add("@join__unionMember(graph: " + graph(source) + ", member: " + quote(member) + ")"));
                }
                members = List.copyOf(all);
            }
            case ENUM -> values = mergeEnumValues(name, sources);
            case SCALAR -> {
                // a scalar has nothing to merge beyond its description and directives
            }
        }
        directives.addAll(sharedDirectives(sources.stream().map(Source::element).toList()));
        merged.put(name, new Merged.Type(kind, name, description, List.copyOf(interfaces), directives, fields, members,
                values));
    }

    private static TypeKind supergraphKind(List<Source<Subgraph.NamedType>> sources) {
        boolean anyInterfaceObject = sources.stream().anyMatch(s -> s.element().interfaceObject);
        return anyInterfaceObject ? TypeKind.INTERFACE : sources.get(0).element().kind;
    }

    private static String describeKinds(List<Source<Subgraph.NamedType>> sources) {
        return sources.stream()
                .map(s -> (s.element().interfaceObject ? "an @interfaceObject type" : s.element().kind.keyword)
                        + " in subgraph \"" + s.subgraph().name + "\"")
                .collect(Collectors.joining(" but "));
    }

    private List<String> joinTypes(Source<Subgraph.NamedType> source) {
        Subgraph.NamedType type = source.element();
        // Federation 1 subgraphs upgrade `extend type` to a definition; only @extends stays an extension
        boolean extension = type.extension && (!source.subgraph().federation1 || type.extendsDirective)
                && !ROOT_TYPES.contains(type.name) && type.kind.isComposite();
        String flags = (extension ? ", extension: true" : "") + (type.interfaceObject ? ", isInterfaceObject: true" : "");
        if (type.keys.isEmpty()) {
            return List.of("@join__type(graph: " + graph(source) + flags + ")");
        }
        List<String> applications = new ArrayList<>();
        for (Subgraph.Key key : type.keys) {
            // Apollo repeats an explicit resolvable argument, even `true`
            applications.add("@join__type(graph: " + graph(source) + ", key: " + quote(key.fields()) + flags
                    + (key.resolvableGiven() ? ", resolvable: " + key.resolvable() : "") + ")");
        }
        return applications;
    }

    // ---- object and interface fields --------------------------------------------------------------------------

    private List<Merged.Field> mergeOutputFields(String typeName, TypeKind kind,
            List<Source<Subgraph.NamedType>> typeSources) {
        Map<String, List<Source<Subgraph.Field>>> byName = new LinkedHashMap<>();
        for (Source<Subgraph.NamedType> source : typeSources) {
            for (Subgraph.Field field : source.element().fields.values()) {
                byName.computeIfAbsent(field.name, n -> new ArrayList<>()).add(new Source<>(source.subgraph(), field));
            }
        }
        List<Merged.Field> fields = new ArrayList<>();
        for (List<Source<Subgraph.Field>> sources : byName.values()) {
            mergeOutputField(kind, typeSources, sources).ifPresent(fields::add);
        }
        return fields;
    }

    private Optional<Merged.Field> mergeOutputField(TypeKind kind, List<Source<Subgraph.NamedType>> typeSources,
            List<Source<Subgraph.Field>> sources) {
        String coordinate = sources.get(0).element().coordinate();
        Map<String, String> overriddenBy = overrides(sources);
        List<Source<Subgraph.Field>> resolving = sources.stream().filter(s -> !s.element().external).toList();
        if (resolving.isEmpty()) {
            error(ErrorCode.EXTERNAL_MISSING_ON_BASE, sources.get(0).subgraph().name, coordinate, "Field \"" + coordinate
                    + "\" is marked @external on all the subgraphs in which it is listed (" + subgraphList(sources) + ")");
            return Optional.empty();
        }
        Type<?> type = mergeTypes(coordinate, resolving, false);
        if (type == null) {
            return Optional.empty();
        }
        for (Source<Subgraph.Field> source : sources) {
            if (source.element().external && !TypeShapes.atLeastAsStrict(source.element().type, type)) {
                error(ErrorCode.EXTERNAL_TYPE_MISMATCH, source.subgraph().name, coordinate, "Type of field \""
                        + coordinate + "\" is incompatible across subgraphs (where marked @external): it has type \""
                        + TypeShapes.print(type) + "\" in some subgraphs but type \""
                        + TypeShapes.print(source.element().type) + "\" in subgraph \"" + source.subgraph().name + "\"");
            }
        }
        if (kind == TypeKind.OBJECT) {
            checkSharing(coordinate, sources, overriddenBy);
        }
        List<Merged.Field> arguments = mergeArguments(coordinate, resolving);
        boolean allTypesEqual = sources.stream()
                .map(s -> TypeShapes.print(s.element().type)).distinct().count() == 1;
        List<String> joins = new ArrayList<>();
        if (needsJoinField(typeSources, sources, allTypesEqual, overriddenBy)) {
            for (Source<Subgraph.Field> source : sources) {
                joinField(source, allTypesEqual, overriddenBy).ifPresent(joins::add);
            }
        }
        List<String> directives = fieldDirectives(sources.stream().map(Source::element).toList(), joins);
        return Optional.of(new Merged.Field(sources.get(0).element().name,
                chooseDescription(sources.stream().map(s -> s.element().description).toList()), arguments,
                TypeShapes.print(type), null, directives));
    }

    /**
     * Who overrides whom: subgraph name of each overridden source mapped to the label of the override ("" without a
     * label). Reports an override whose source itself overrides.
     */
    private Map<String, String> overrides(List<Source<Subgraph.Field>> sources) {
        Map<String, String> overridden = new HashMap<>();
        for (Source<Subgraph.Field> source : sources) {
            String from = source.element().overrideFrom;
            if (from == null) {
                continue;
            }
            for (Source<Subgraph.Field> target : sources) {
                if (!target.subgraph().name.equals(from)) {
                    continue;
                }
                if (target.element().overrideFrom != null) {
                    error(ErrorCode.OVERRIDE_SOURCE_HAS_OVERRIDE, source.subgraph().name, source.element().coordinate(),
                            "Field \"" + source.element().coordinate() + "\" on subgraph \"" + source.subgraph().name
                                    + "\" is also marked with directive @override in subgraph \"" + from
                                    + "\"; only one @override directive is allowed per field");
                } else {
                    overridden.put(from, Objects.requireNonNullElse(source.element().overrideLabel, ""));
                }
            }
        }
        return overridden;
    }

    private void checkSharing(String coordinate, List<Source<Subgraph.Field>> sources, Map<String, String> overriddenBy) {
        List<Source<Subgraph.Field>> resolvers = new ArrayList<>();
        for (Source<Subgraph.Field> source : sources) {
            Subgraph.Field field = source.element();
            boolean provided = source.subgraph().providedFields.contains(coordinate);
            boolean resolves = !field.external || provided;
            if (resolves && !overriddenBy.containsKey(source.subgraph().name)) {
                resolvers.add(source);
            }
        }
        if (resolvers.size() < 2) {
            return;
        }
        List<Source<Subgraph.Field>> nonShareable = resolvers.stream().filter(s -> !isShareable(s)).toList();
        if (!nonShareable.isEmpty()) {
            error(ErrorCode.INVALID_FIELD_SHARING, nonShareable.get(0).subgraph().name, coordinate,
                    "Non-shareable field \"" + coordinate + "\" is resolved from multiple subgraphs: it is resolved "
                            + "from " + subgraphList(resolvers) + " and defined as non-shareable in "
                            + subgraphList(nonShareable));
        }
    }

    private static boolean isShareable(Source<Subgraph.Field> source) {
        Subgraph subgraph = source.subgraph();
        String coordinate = source.element().coordinate();
        return subgraph.federation1 || source.element().shareable || subgraph.keyFields.contains(coordinate)
                || subgraph.providedFields.contains(coordinate);
    }

    /** A join__field is needed unless every subgraph with the parent type resolves the field the same plain way. */
    private static boolean needsJoinField(List<Source<Subgraph.NamedType>> typeSources,
            List<Source<Subgraph.Field>> sources, boolean allTypesEqual, Map<String, String> overriddenBy) {
        if (!allTypesEqual || !overriddenBy.isEmpty() || sources.size() != typeSources.size()) {
            return true;
        }
        return sources.stream().map(Source::element).anyMatch(f -> f.external || f.requires != null
                || f.provides != null || f.overrideFrom != null);
    }

    private Optional<String> joinField(Source<Subgraph.Field> source, boolean allTypesEqual,
            Map<String, String> overriddenBy) {
        Subgraph.Field field = source.element();
        String label = overriddenBy.get(source.subgraph().name);
        boolean usedOverridden = label != null && label.isEmpty()
                && source.subgraph().selectedFields.contains(field.coordinate());
        if (label != null && label.isEmpty() && !usedOverridden) {
            return Optional.empty();
        }
        StringBuilder application = new StringBuilder("@join__field(graph: ").append(graph(source));
        if (field.requires != null) {
            application.append(", requires: ").append(quote(field.requires));
        }
        if (field.provides != null) {
            application.append(", provides: ").append(quote(field.provides));
        }
        if (!allTypesEqual) {
            application.append(", type: ").append(quote(TypeShapes.print(field.type)));
        }
        if (field.external) {
            application.append(", external: true");
        }
        if (field.overrideFrom != null) {
            application.append(", override: ").append(quote(field.overrideFrom));
        }
        if (usedOverridden) {
            application.append(", usedOverridden: true");
        }
        String ownLabel = field.overrideLabel != null ? field.overrideLabel : label;
        if (ownLabel != null && !ownLabel.isEmpty()) {
            application.append(", overrideLabel: ").append(quote(ownLabel));
        }
        return Optional.of(application.append(')').toString());
    }

    /** Output types: the most general type of the same shape, or FIELD_TYPE_MISMATCH; input types the opposite. */
    private Type<?> mergeTypes(String coordinate, List<Source<Subgraph.Field>> sources, boolean input) {
        Type<?> result = sources.get(0).element().type;
        for (Source<Subgraph.Field> source : sources.subList(1, sources.size())) {
            Type<?> next = source.element().type;
            // outputs may differ by subtype (an implementation or union member where another subgraph says the
            // interface or union); the merged field returns the supertype
            boolean compatible = input ? TypeShapes.sameShape(result, next)
                    : TypeShapes.sameShape(result, next, (x, y) -> x.equals(y) || isSubtype(x, y) || isSubtype(y, x));
            if (!compatible) {
                boolean argument = coordinate.endsWith(":)");
                error(argument ? ErrorCode.FIELD_ARGUMENT_TYPE_MISMATCH : ErrorCode.FIELD_TYPE_MISMATCH,
                        source.subgraph().name, coordinate, "Type of " + (argument ? "argument" : "field") + " \""
                                + coordinate + "\" is incompatible across subgraphs: it has type \""
                                + TypeShapes.print(sources.get(0).element().type) + "\" in subgraph \""
                                + sources.get(0).subgraph().name + "\" but type \"" + TypeShapes.print(next)
                                + "\" in subgraph \"" + source.subgraph().name + "\"");
                return null;
            }
            result = TypeShapes.merge(result, next, input, (x, y) -> isSubtype(x, y) ? y : x);
        }
        return result;
    }

    // ---- arguments and input fields ---------------------------------------------------------------------------

    private List<Merged.Field> mergeArguments(String fieldCoordinate, List<Source<Subgraph.Field>> fieldSources) {
        Map<String, List<Source<Subgraph.Field>>> byName = new LinkedHashMap<>();
        for (Source<Subgraph.Field> source : fieldSources) {
            for (Subgraph.Field argument : source.element().arguments.values()) {
                byName.computeIfAbsent(argument.name, n -> new ArrayList<>()).add(new Source<>(source.subgraph(), argument));
            }
        }
        List<Merged.Field> arguments = new ArrayList<>();
        for (List<Source<Subgraph.Field>> sources : byName.values()) {
            String coordinate = fieldCoordinate + "(" + sources.get(0).element().name + ":)";
            if (sources.size() < fieldSources.size()) {
                reportIfRequired(ErrorCode.REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH, coordinate, "Argument",
                        sources, fieldSources.stream().map(Source::subgraph).toList());
                continue;
            }
            mergeInputValue(coordinate, sources, ErrorCode.ARGUMENT_DEFAULT_MISMATCH, false).ifPresent(arguments::add);
        }
        return arguments;
    }

    private List<Merged.Field> mergeInputFields(String typeName, List<Source<Subgraph.NamedType>> typeSources) {
        Map<String, List<Source<Subgraph.Field>>> byName = new LinkedHashMap<>();
        for (Source<Subgraph.NamedType> source : typeSources) {
            for (Subgraph.Field field : source.element().fields.values()) {
                byName.computeIfAbsent(field.name, n -> new ArrayList<>()).add(new Source<>(source.subgraph(), field));
            }
        }
        List<Merged.Field> fields = new ArrayList<>();
        for (List<Source<Subgraph.Field>> sources : byName.values()) {
            String coordinate = sources.get(0).element().coordinate();
            if (sources.size() < typeSources.size()) {
                reportIfRequired(ErrorCode.REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH, coordinate, "Input field",
                        sources, typeSources.stream().map(Source::subgraph).toList());
                continue;
            }
            mergeInputValue(coordinate, sources, ErrorCode.INPUT_FIELD_DEFAULT_MISMATCH, true).ifPresent(fields::add);
        }
        if (fields.isEmpty() && !byName.isEmpty()) {
            error(ErrorCode.EMPTY_MERGED_INPUT_TYPE, "", typeName, "None of the fields of input object type \""
                    + typeName + "\" are consistently defined in all the subgraphs defining that type; input types "
                    + "are merged by intersection, so this type would have no fields");
        }
        return fields;
    }

    private void reportIfRequired(ErrorCode code, String coordinate, String what, List<Source<Subgraph.Field>> sources,
            List<Subgraph> expected) {
        boolean required = sources.stream().anyMatch(s -> s.element().type instanceof NonNullType
                && s.element().defaultValue == null);
        if (required) {
            Set<String> having = sources.stream().map(s -> s.subgraph().name).collect(Collectors.toSet());
            List<String> missing = expected.stream().map(s -> s.name).filter(n -> !having.contains(n)).toList();
            error(code, missing.get(0), coordinate, what + " \"" + coordinate + "\" is required in some subgraphs but "
                    + "does not appear in all subgraphs: it is required in " + subgraphList(sources)
                    + " but does not appear in " + quotedList(missing));
        }
    }

    private Optional<Merged.Field> mergeInputValue(String coordinate, List<Source<Subgraph.Field>> sources,
            ErrorCode defaultMismatch, boolean inputField) {
        Type<?> type = mergeTypes(coordinate, sources, true);
        if (type == null) {
            return Optional.empty();
        }
        Set<String> defaults = new LinkedHashSet<>();
        sources.forEach(s -> defaults.add(s.element().defaultValue == null ? "" : AstPrinter.printAst(s.element().defaultValue)));
        if (defaults.size() > 1) {
            error(defaultMismatch, sources.get(0).subgraph().name, coordinate, (inputField ? "Input field" : "Argument")
                    + " \"" + coordinate + "\" has incompatible default values across subgraphs: "
                    + sources.stream().map(s -> (s.element().defaultValue == null ? "no default"
                            : "default " + AstPrinter.printAst(s.element().defaultValue)) + " in subgraph \""
                            + s.subgraph().name + "\"").collect(Collectors.joining(", ")));
            return Optional.empty();
        }
        String defaultValue = defaults.iterator().next();
        List<String> joins = new ArrayList<>();
        boolean allTypesEqual = sources.stream().map(s -> TypeShapes.print(s.element().type)).distinct().count() == 1;
        if (inputField && !allTypesEqual) {
            sources.forEach(s -> joins.add("@join__field(graph: " + graph(s) + ", type: "
                    + quote(TypeShapes.print(s.element().type)) + ")"));
        }
        List<String> directives = fieldDirectives(sources.stream().map(Source::element).toList(), joins);
        return Optional.of(new Merged.Field(sources.get(0).element().name,
                chooseDescription(sources.stream().map(s -> s.element().description).toList()), List.of(),
                TypeShapes.print(type), defaultValue.isEmpty() ? null : defaultValue, directives));
    }

    // ---- enums ------------------------------------------------------------------------------------------------

    /** Enums by usage: output-only by union, input-only by intersection, both ways must be identical everywhere. */
    private List<Merged.EnumValue> mergeEnumValues(String enumName, List<Source<Subgraph.NamedType>> sources) {
        Map<String, List<Source<Subgraph.EnumValue>>> byName = new LinkedHashMap<>();
        for (Source<Subgraph.NamedType> source : sources) {
            for (Subgraph.EnumValue value : source.element().enumValues.values()) {
                byName.computeIfAbsent(value.name, n -> new ArrayList<>()).add(new Source<>(source.subgraph(), value));
            }
        }
        boolean input = usedAsInput.contains(enumName);
        boolean output = usedAsOutput.contains(enumName);
        List<Merged.EnumValue> values = new ArrayList<>();
        for (Map.Entry<String, List<Source<Subgraph.EnumValue>>> entry : byName.entrySet()) {
            List<Source<Subgraph.EnumValue>> valueSources = entry.getValue();
            if (valueSources.size() < sources.size() && input) {
                if (output) {
                    Set<String> having = valueSources.stream().map(s -> s.subgraph().name).collect(Collectors.toSet());
                    List<String> missing = sources.stream().map(s -> s.subgraph().name)
                            .filter(n -> !having.contains(n)).toList();
                    error(ErrorCode.ENUM_VALUE_MISMATCH, missing.get(0), enumName, "Enum type \"" + enumName
                            + "\" is used as both input type and output type, but value \"" + entry.getKey()
                            + "\" is not defined in all the subgraphs defining \"" + enumName + "\": \""
                            + entry.getKey() + "\" is defined in " + subgraphList(valueSources)
                            + " but not in " + quotedList(missing));
                }
                continue;
            }
            List<Subgraph.EnumValue> elements = valueSources.stream().map(Source::element).toList();
            List<String> joins = valueSources.stream().map(s -> "@join__enumValue(graph: " + graph(s) + ")").toList();
            List<String> directives = withCopied(elements.stream().map(v -> v.applied).toList(), joins, true);
            values.add(new Merged.EnumValue(entry.getKey(),
                    chooseDescription(elements.stream().map(v -> v.description).toList()), directives));
        }
        if (values.isEmpty() && !byName.isEmpty()) {
            error(ErrorCode.EMPTY_MERGED_ENUM_TYPE, "", enumName, "None of the values of enum type \"" + enumName
                    + "\" are defined consistently in all the subgraphs defining that type; as it is used as an input "
                    + "type, values are merged by intersection and none would be left");
        }
        return values;
    }

    // ---- interfaces after merging -----------------------------------------------------------------------------

    /**
     * Fields that an {@code @interfaceObject} subgraph adds to an interface are served for every implementation by
     * that subgraph; implementations get them with a bare {@code @join__field} (no graph), as in Apollo supergraphs.
     */
    private void addInterfaceObjectFieldsToImplementations(Map<String, List<Source<Subgraph.NamedType>>> typesByName) {
        for (Merged.Type anInterface : List.copyOf(merged.values())) {
            List<Source<Subgraph.NamedType>> sources = typesByName.get(anInterface.name());
            if (anInterface.kind() != TypeKind.INTERFACE || sources.stream().noneMatch(s -> s.element().interfaceObject)) {
                continue;
            }
            Set<String> fromInterfaceObjects = sources.stream().filter(s -> s.element().interfaceObject)
                    .flatMap(s -> s.element().fields.keySet().stream()).collect(Collectors.toSet());
            for (Merged.Type type : List.copyOf(merged.values())) {
                if (!type.interfaces().contains(anInterface.name())) {
                    continue;
                }
                Set<String> present = type.fields().stream().map(Merged.Field::name).collect(Collectors.toSet());
                List<Merged.Field> fields = new ArrayList<>(type.fields());
                for (Merged.Field field : anInterface.fields()) {
                    if (fromInterfaceObjects.contains(field.name()) && !present.contains(field.name())) {
                        List<String> directives = new ArrayList<>(List.of("@join__field"));
                        field.directives().stream().filter(d -> !d.startsWith("@join__")).forEach(directives::add);
                        fields.add(new Merged.Field(field.name(), field.description(), field.arguments(), field.type(),
                                null, directives));
                    }
                }
                merged.put(type.name(), new Merged.Type(type.kind(), type.name(), type.description(), type.interfaces(),
                        type.directives(), fields, type.unionMembers(), type.values()));
            }
        }
    }

    /**
     * An @interfaceObject stands for an interface some other subgraph defines, and the subgraph using it must not
     * also define the interface's implementations.
     */
    private void checkInterfaceObjectSubgraphs(Map<String, List<Source<Subgraph.NamedType>>> typesByName) {
        for (List<Source<Subgraph.NamedType>> sources : typesByName.values()) {
            if (sources.stream().allMatch(s -> s.element().interfaceObject)) {
                error(ErrorCode.INTERFACE_OBJECT_USAGE_ERROR, sources.get(0).subgraph().name, sources.get(0).element().name,
                        "Type \"" + sources.get(0).element().name + "\" is declared with @interfaceObject in "
                                + subgraphList(sources) + " but is not defined as an interface in any subgraph");
                continue;
            }
            for (Source<Subgraph.NamedType> source : sources) {
                if (!source.element().interfaceObject) {
                    continue;
                }
                String anInterface = source.element().name;
                for (Merged.Type type : merged.values()) {
                    if (type.kind() == TypeKind.OBJECT && type.interfaces().contains(anInterface)
                            && source.subgraph().types.containsKey(type.name())) {
                        error(ErrorCode.INTERFACE_OBJECT_USAGE_ERROR, source.subgraph().name, anInterface,
                                "Interface type \"" + anInterface + "\" is defined as an @interfaceObject in subgraph \""
                                        + source.subgraph().name + "\" so that subgraph should not define any of the "
                                        + "implementation types of \"" + anInterface + "\", but it defines type \""
                                        + type.name() + "\"");
                    }
                }
            }
        }
    }

    private void checkInterfaceImplementations() {
        for (Merged.Type type : merged.values()) {
            Set<String> fields = type.fields().stream().map(Merged.Field::name).collect(Collectors.toSet());
            for (String interfaceName : type.interfaces()) {
                Merged.Type anInterface = merged.get(interfaceName);
                if (anInterface == null) {
                    continue;
                }
                for (Merged.Field field : anInterface.fields()) {
                    if (!fields.contains(field.name())) {
                        error(ErrorCode.INTERFACE_FIELD_NO_IMPLEM, "", type.name(), "Interface field \""
                                + interfaceName + "." + field.name() + "\" is declared in the supergraph but type \""
                                + type.name() + "\", which implements \"" + interfaceName
                                + "\" in some subgraph, does not have a field \"" + field.name() + "\"");
                    }
                }
            }
        }
    }

    // ---- directives kept in the supergraph --------------------------------------------------------------------

    /**
     * Executable directive definitions (those clients put in operations) are merged by intersection: kept when every
     * subgraph defines them, with the locations and arguments they all share. Type-system directives are dropped.
     */
    private List<String> mergeExecutableDirectives() {
        List<String> definitions = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(subgraphs.get(0).directiveDefinitions.keySet());
        subgraphs.forEach(s -> names.retainAll(s.directiveDefinitions.keySet()));
        for (String name : names) {
            List<DirectiveDefinition> sources = subgraphs.stream().map(s -> s.directiveDefinitions.get(name)).toList();
            List<String> locations = sources.get(0).getDirectiveLocations().stream().map(DirectiveLocation::getName)
                    .filter(EXECUTABLE_LOCATIONS::contains)
                    .filter(l -> sources.stream().allMatch(d -> d.getDirectiveLocations().stream()
                            .anyMatch(other -> other.getName().equals(l))))
                    .toList();
            if (locations.isEmpty()) {
                continue;
            }
            List<Source<Subgraph.Field>> holders = new ArrayList<>();
            for (int i = 0; i < subgraphs.size(); i++) {
                holders.add(new Source<>(subgraphs.get(i), argumentsOf(sources.get(i))));
            }
            List<Merged.Field> arguments = mergeArguments("@" + name, holders);
            boolean repeatable = sources.stream().allMatch(DirectiveDefinition::isRepeatable);
            String description = chooseDescription(sources.stream()
                    .map(d -> d.getDescription() == null ? null : d.getDescription().getContent()).toList());
            definitions.add(SupergraphPrinter.printDirectiveDefinition(name, description, arguments, repeatable,
                    locations));
        }
        return definitions;
    }

    private static Subgraph.Field argumentsOf(DirectiveDefinition definition) {
        Subgraph.Field holder = new Subgraph.Field("@", definition.getName());
        for (InputValueDefinition input : definition.getInputValueDefinitions()) {
            Subgraph.Field argument = new Subgraph.Field("@" + definition.getName(), input.getName());
            argument.type = input.getType();
            argument.defaultValue = input.getDefaultValue();
            argument.description = input.getDescription() == null ? null : input.getDescription().getContent();
            holder.arguments.put(argument.name, argument);
        }
        return holder;
    }

    private List<String> sharedDirectives(List<Subgraph.NamedType> types) {
        return withCopied(types.stream().map(t -> t.applied).toList(), List.of(), false);
    }

    private List<String> fieldDirectives(List<Subgraph.Field> fields, List<String> joins) {
        return withCopied(fields.stream().map(f -> f.applied).toList(), joins, true);
    }

    /**
     * The join directives with the directives the subgraphs applied, in Apollo's order: {@code @inaccessible}
     * before the joins on fields and values, after them on types; then the access-control directives; the others in
     * the order the subgraphs wrote them.
     */
    private List<String> withCopied(List<AppliedDirectives> sources, List<String> joins, boolean inaccessibleFirst) {
        List<String> directives = new ArrayList<>();
        boolean inaccessible = sources.stream().anyMatch(a -> a.inaccessible);
        usesInaccessible |= inaccessible;
        if (inaccessible && inaccessibleFirst) {
            directives.add("@inaccessible");
        }
        directives.addAll(joins);
        if (inaccessible && !inaccessibleFirst) {
            directives.add("@inaccessible");
        }
        Set<String> written = new LinkedHashSet<>();
        sources.forEach(a -> written.addAll(a.order));
        Set<String> order = new LinkedHashSet<>(ACCESS_CONTROL.stream().filter(written::contains).toList());
        order.addAll(written);
        for (String kind : order) {
            switch (kind) {
                case "deprecated" -> sources.stream().map(a -> a.deprecationReason).filter(Objects::nonNull)
                        .findFirst().ifPresent(reason -> directives.add(deprecated(reason)));
                case "tag" -> new LinkedHashSet<>(sources.stream().flatMap(a -> a.tags.stream()).toList())
                        .forEach(tag -> directives.add("@tag(name: " + quote(tag) + ")"));
                case "authenticated" -> directives.add("@authenticated");
                case "requiresScopes" -> directives.add("@requiresScopes(scopes: " + alternatives(sources.stream()
                        .map(a -> a.requiresScopes).reduce(null, AppliedDirectives::allOf)) + ")");
                default -> directives.add("@policy(policies: " + alternatives(sources.stream()
                        .map(a -> a.policies).reduce(null, AppliedDirectives::allOf)) + ")");
            }
            features.add(kind);
        }
        return directives;
    }

    private static String alternatives(List<List<String>> alternatives) {
        return alternatives.stream()
                .map(all -> all.stream().map(Composer::quote).collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String deprecated(String reason) {
        return reason.isEmpty() ? "@deprecated" : "@deprecated(reason: " + quote(reason) + ")";
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The most common description; ties go to the first subgraph that has it. */
    static String chooseDescription(List<String> descriptions) {
        Map<String, Long> counts = descriptions.stream().filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        String best = null;
        long bestCount = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
            }
        }
        return best;
    }

    private boolean isSubtype(String type, String candidateSupertype) {
        return supertypes.getOrDefault(type, Set.of()).contains(candidateSupertype);
    }

    private String graph(Source<?> source) {
        return graphEnumValues.get(source.subgraph().name);
    }

    private static String subgraphList(List<? extends Source<?>> sources) {
        return quotedList(sources.stream().map(s -> s.subgraph().name).distinct().toList());
    }

    private static String quotedList(List<String> names) {
        List<String> quoted = names.stream().map(n -> "\"" + n + "\"").toList();
        if (quoted.size() == 1) {
            return "subgraph " + quoted.get(0);
        }
        return "subgraphs " + String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and "
                + quoted.get(quoted.size() - 1);
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private void error(ErrorCode code, String subgraph, String coordinate, String message) {
        errors.add(subgraphs.stream().filter(s -> s.name.equals(subgraph)).findFirst()
                .map(s -> s.error(code, coordinate, message))
                .orElseGet(() -> new CompositionError(code, subgraph, coordinate, message)));
    }
}
