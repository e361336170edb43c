package io.streamplane.federation.diff;

import graphql.GraphQLException;
import graphql.introspection.Introspection;
import graphql.language.AstPrinter;
import graphql.language.Value;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Classifies every difference between two API (client) schemas as BREAKING, DANGEROUS or SAFE for existing clients,
 * following graphql-inspector's rules: removals and narrowed inputs break, widened outputs break (a field that may now
 * be null), additions that existing clients may receive (enum values, union members, interface implementations) are
 * dangerous, changed defaults are dangerous, everything else is safe.
 */
public final class SchemaDiff {

    private static final Set<String> BUILT_IN_DIRECTIVES = Set.of("skip", "include", "deprecated", "specifiedBy",
            "oneOf", "defer", "stream", "experimental_disableErrorPropagation");

    /** graphql-java lists a built-in scalar only when the schema uses it; its coming and going is no change. */
    private static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");

    /** A schema that could not be read; the message says why. */
    public static final class InvalidSchemaException extends Exception {
        public InvalidSchemaException(String message) {
            super(message);
        }
    }

    private final List<SchemaChange> changes = new ArrayList<>();

    private SchemaDiff() {
    }

    /** Diffs two API schemas given as SDL. */
    public static List<SchemaChange> between(String oldSdl, String newSdl) throws InvalidSchemaException {
        return between(build(oldSdl, "old"), build(newSdl, "new"));
    }

    /** Diffs two API schemas; changes come ordered by coordinate, then code. */
    public static List<SchemaChange> between(GraphQLSchema oldSchema, GraphQLSchema newSchema) {
        SchemaDiff diff = new SchemaDiff();
        diff.compareTypes(namedTypes(oldSchema), namedTypes(newSchema));
        diff.compareDirectives(directives(oldSchema), directives(newSchema));
        return diff.changes.stream()
                .sorted(Comparator.comparing(SchemaChange::coordinate).thenComparing(SchemaChange::code))
                .toList();
    }

    private static GraphQLSchema build(String sdl, String which) throws InvalidSchemaException {
        try {
            return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
        } catch (GraphQLException e) {
            throw new InvalidSchemaException("The " + which + " schema is not valid GraphQL: " + e.getMessage());
        }
    }

    private static Map<String, GraphQLNamedType> namedTypes(GraphQLSchema schema) {
        return schema.getAllTypesAsList().stream()
                .filter(type -> !type.getName().startsWith("__") && !BUILT_IN_SCALARS.contains(type.getName()))
                .collect(Collectors.toMap(GraphQLNamedType::getName, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, GraphQLDirective> directives(GraphQLSchema schema) {
        return schema.getDirectives().stream()
                .filter(directive -> !BUILT_IN_DIRECTIVES.contains(directive.getName()))
                .collect(Collectors.toMap(GraphQLDirective::getName, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    // ---- types ------------------------------------------------------------------------------------------------

    private void compareTypes(Map<String, GraphQLNamedType> before, Map<String, GraphQLNamedType> after) {
        for (GraphQLNamedType old : before.values()) {
            GraphQLNamedType current = after.get(old.getName());
            if (current == null) {
                add(ChangeCode.TYPE_REMOVED, Criticality.BREAKING, old.getName(),
                        kind(old) + " \"" + old.getName() + "\" was removed");
            } else if (!kind(old).equals(kind(current))) {
                add(ChangeCode.TYPE_KIND_CHANGED, Criticality.BREAKING, old.getName(), "\"" + old.getName()
                        + "\" changed from " + kind(old) + " to " + kind(current));
            } else {
                compareType(old, current);
            }
        }
        for (GraphQLNamedType current : after.values()) {
            if (!before.containsKey(current.getName())) {
                add(ChangeCode.TYPE_ADDED, Criticality.SAFE, current.getName(),
                        kind(current) + " \"" + current.getName() + "\" was added");
            }
        }
    }

    private void compareType(GraphQLNamedType old, GraphQLNamedType current) {
        compareDescription(old.getName(), old.getDescription(), current.getDescription());
        if (old instanceof GraphQLFieldsContainer oldFields && current instanceof GraphQLFieldsContainer newFields) {
            compareFields(oldFields, newFields);
        }
        if (old instanceof GraphQLObjectType oldObject && current instanceof GraphQLObjectType newObject) {
            compareImplementations(old.getName(), names(oldObject.getInterfaces()), names(newObject.getInterfaces()));
        }
        if (old instanceof GraphQLInterfaceType oldInterface && current instanceof GraphQLInterfaceType newInterface) {
            compareImplementations(old.getName(), names(oldInterface.getInterfaces()), names(newInterface.getInterfaces()));
        }
        if (old instanceof GraphQLUnionType oldUnion && current instanceof GraphQLUnionType newUnion) {
            compareUnion(old.getName(), names(oldUnion.getTypes()), names(newUnion.getTypes()));
        }
        if (old instanceof GraphQLEnumType oldEnum && current instanceof GraphQLEnumType newEnum) {
            compareEnum(oldEnum, newEnum);
        }
        if (old instanceof GraphQLInputObjectType oldInput && current instanceof GraphQLInputObjectType newInput) {
            compareInputFields(oldInput, newInput);
        }
    }

    private void compareFields(GraphQLFieldsContainer old, GraphQLFieldsContainer current) {
        for (GraphQLFieldDefinition oldField : old.getFieldDefinitions()) {
            String coordinate = old.getName() + "." + oldField.getName();
            GraphQLFieldDefinition newField = current.getFieldDefinition(oldField.getName());
            if (newField == null) {
                add(ChangeCode.FIELD_REMOVED, Criticality.BREAKING, coordinate, "Field \"" + coordinate + "\" was removed"
                        + (oldField.isDeprecated() ? " (it was deprecated)" : ""));
                continue;
            }
            compareOutputType(coordinate, oldField.getType(), newField.getType());
            compareDescription(coordinate, oldField.getDescription(), newField.getDescription());
            compareDeprecation(coordinate, oldField.getDeprecationReason(), newField.getDeprecationReason(),
                    ChangeCode.FIELD_DEPRECATED, ChangeCode.FIELD_DEPRECATION_REMOVED);
            compareArguments(coordinate, oldField.getArguments(), newField.getArguments());
        }
        for (GraphQLFieldDefinition newField : current.getFieldDefinitions()) {
            if (old.getFieldDefinition(newField.getName()) == null) {
                String coordinate = current.getName() + "." + newField.getName();
                add(ChangeCode.FIELD_ADDED, Criticality.SAFE, coordinate, "Field \"" + coordinate + "\" was added");
            }
        }
    }

    private void compareOutputType(String coordinate, GraphQLType old, GraphQLType current) {
        String from = GraphQLTypeUtil.simplePrint(old);
        String to = GraphQLTypeUtil.simplePrint(current);
        if (from.equals(to)) {
            return;
        }
        boolean safe = outputChangeIsSafe(old, current);
        add(ChangeCode.FIELD_TYPE_CHANGED, safe ? Criticality.SAFE : Criticality.BREAKING, coordinate, "Field \""
                + coordinate + "\" changed type from " + from + " to " + to + (safe ? ""
                : nullableOnly(old, current) ? ": clients now have to handle null" : ""));
    }

    private void compareArguments(String fieldCoordinate, List<GraphQLArgument> before, List<GraphQLArgument> after) {
        Map<String, GraphQLArgument> newByName = after.stream()
                .collect(Collectors.toMap(GraphQLArgument::getName, Function.identity()));
        Set<String> oldNames = before.stream().map(GraphQLArgument::getName).collect(Collectors.toSet());
        for (GraphQLArgument old : before) {
            String coordinate = fieldCoordinate + "(" + old.getName() + ":)";
            GraphQLArgument current = newByName.get(old.getName());
            if (current == null) {
                add(ChangeCode.ARG_REMOVED, Criticality.BREAKING, coordinate, "Argument \"" + coordinate
                        + "\" was removed");
                continue;
            }
            compareInputType(ChangeCode.ARG_TYPE_CHANGED, "Argument", coordinate, old.getType(), current.getType());
            compareDefault(ChangeCode.ARG_DEFAULT_CHANGED, "argument", coordinate, defaultOf(old), defaultOf(current));
            compareDescription(coordinate, old.getDescription(), current.getDescription());
        }
        for (GraphQLArgument current : after) {
            if (!oldNames.contains(current.getName())) {
                String coordinate = fieldCoordinate + "(" + current.getName() + ":)";
                boolean required = GraphQLTypeUtil.isNonNull(current.getType()) && defaultOf(current) == null;
                // like graphql-inspector: a new optional argument usually means new resolver logic
                add(required ? ChangeCode.ARG_REQUIRED_ADDED : ChangeCode.ARG_ADDED,
                        required ? Criticality.BREAKING : Criticality.DANGEROUS, coordinate,
                        (required ? "Required argument \"" : "Optional argument \"") + coordinate + "\" was added");
            }
        }
    }

    private void compareInputFields(GraphQLInputObjectType old, GraphQLInputObjectType current) {
        for (GraphQLInputObjectField oldField : old.getFieldDefinitions()) {
            String coordinate = old.getName() + "." + oldField.getName();
            GraphQLInputObjectField newField = current.getFieldDefinition(oldField.getName());
            if (newField == null) {
                add(ChangeCode.INPUT_FIELD_REMOVED, Criticality.BREAKING, coordinate, "Input field \"" + coordinate
                        + "\" was removed");
                continue;
            }
            compareInputType(ChangeCode.INPUT_FIELD_TYPE_CHANGED, "Input field", coordinate, oldField.getType(),
                    newField.getType());
            compareDefault(ChangeCode.INPUT_FIELD_DEFAULT_CHANGED, "input field", coordinate, defaultOf(oldField),
                    defaultOf(newField));
            compareDescription(coordinate, oldField.getDescription(), newField.getDescription());
        }
        for (GraphQLInputObjectField newField : current.getFieldDefinitions()) {
            if (old.getFieldDefinition(newField.getName()) == null) {
                String coordinate = current.getName() + "." + newField.getName();
                boolean nonNull = GraphQLTypeUtil.isNonNull(newField.getType());
                boolean required = nonNull && defaultOf(newField) == null;
                // a non-null field with a default silently fills in a value existing clients never sent
                Criticality criticality = required ? Criticality.BREAKING
                        : nonNull ? Criticality.DANGEROUS : Criticality.SAFE;
                add(required ? ChangeCode.INPUT_FIELD_REQUIRED_ADDED : ChangeCode.INPUT_FIELD_ADDED, criticality,
                        coordinate, (required ? "Required input field \"" : "Optional input field \"") + coordinate
                                + "\" was added" + (nonNull && !required ? " with default " + defaultOf(newField) : ""));
            }
        }
    }

    private void compareInputType(ChangeCode code, String what, String coordinate, GraphQLType old, GraphQLType current) {
        String from = GraphQLTypeUtil.simplePrint(old);
        String to = GraphQLTypeUtil.simplePrint(current);
        if (from.equals(to)) {
            return;
        }
        boolean safe = inputChangeIsSafe(old, current);
        add(code, safe ? Criticality.SAFE : Criticality.BREAKING, coordinate, what + " \"" + coordinate
                + "\" changed type from " + from + " to " + to + (safe ? ""
                : nullableOnly(current, old) ? ": clients that omit it or send null now fail" : ""));
    }

    private void compareDefault(ChangeCode code, String what, String coordinate, String old, String current) {
        if (!Objects.equals(old, current)) {
            add(code, Criticality.DANGEROUS, coordinate, "Default value of " + what + " \"" + coordinate
                    + "\" changed from " + (old == null ? "none" : old) + " to " + (current == null ? "none" : current));
        }
    }

    private void compareEnum(GraphQLEnumType old, GraphQLEnumType current) {
        for (GraphQLEnumValueDefinition oldValue : old.getValues()) {
            String coordinate = old.getName() + "." + oldValue.getName();
            GraphQLEnumValueDefinition newValue = current.getValue(oldValue.getName());
            if (newValue == null) {
                add(ChangeCode.ENUM_VALUE_REMOVED, Criticality.BREAKING, coordinate, "Enum value \"" + coordinate
                        + "\" was removed");
                continue;
            }
            compareDescription(coordinate, oldValue.getDescription(), newValue.getDescription());
            compareDeprecation(coordinate, oldValue.getDeprecationReason(), newValue.getDeprecationReason(),
                    ChangeCode.ENUM_VALUE_DEPRECATED, ChangeCode.ENUM_VALUE_DEPRECATION_REMOVED);
        }
        for (GraphQLEnumValueDefinition newValue : current.getValues()) {
            if (old.getValue(newValue.getName()) == null) {
                String coordinate = current.getName() + "." + newValue.getName();
                add(ChangeCode.ENUM_VALUE_ADDED, Criticality.DANGEROUS, coordinate, "Enum value \"" + coordinate
                        + "\" was added: clients that switch over \"" + current.getName() + "\" may not handle it");
            }
        }
    }

    private void compareUnion(String union, Set<String> before, Set<String> after) {
        for (String member : before) {
            if (!after.contains(member)) {
                add(ChangeCode.UNION_MEMBER_REMOVED, Criticality.BREAKING, union, "Member \"" + member
                        + "\" was removed from union \"" + union + "\"");
            }
        }
        for (String member : after) {
            if (!before.contains(member)) {
                add(ChangeCode.UNION_MEMBER_ADDED, Criticality.DANGEROUS, union, "Member \"" + member
                        + "\" was added to union \"" + union + "\": clients may receive a type they do not handle");
            }
        }
    }

    private void compareImplementations(String type, Set<String> before, Set<String> after) {
        for (String anInterface : before) {
            if (!after.contains(anInterface)) {
                add(ChangeCode.INTERFACE_IMPLEMENTATION_REMOVED, Criticality.BREAKING, type, "\"" + type
                        + "\" no longer implements interface \"" + anInterface + "\"");
            }
        }
        for (String anInterface : after) {
            if (!before.contains(anInterface)) {
                add(ChangeCode.INTERFACE_IMPLEMENTATION_ADDED, Criticality.DANGEROUS, type, "\"" + type
                        + "\" now implements interface \"" + anInterface
                        + "\": clients may receive a type they do not handle where the interface is returned");
            }
        }
    }

    private void compareDescription(String coordinate, String old, String current) {
        if (!Objects.equals(blankToNull(old), blankToNull(current))) {
            add(ChangeCode.DESCRIPTION_CHANGED, Criticality.SAFE, coordinate, "Description of \"" + coordinate
                    + "\" changed");
        }
    }

    private void compareDeprecation(String coordinate, String old, String current, ChangeCode deprecated,
            ChangeCode undeprecated) {
        if (old == null && current != null) {
            add(deprecated, Criticality.SAFE, coordinate, "\"" + coordinate + "\" was deprecated: " + current);
        } else if (old != null && current == null) {
            add(undeprecated, Criticality.SAFE, coordinate, "\"" + coordinate + "\" is no longer deprecated");
        } else if (old != null && !old.equals(current) && deprecated == ChangeCode.FIELD_DEPRECATED) {
            add(ChangeCode.FIELD_DEPRECATION_REASON_CHANGED, Criticality.SAFE, coordinate, "Deprecation reason of \""
                    + coordinate + "\" changed to: " + current);
        }
    }

    // ---- directives -------------------------------------------------------------------------------------------

    private void compareDirectives(Map<String, GraphQLDirective> before, Map<String, GraphQLDirective> after) {
        for (GraphQLDirective old : before.values()) {
            String coordinate = "@" + old.getName();
            GraphQLDirective current = after.get(old.getName());
            if (current == null) {
                add(ChangeCode.DIRECTIVE_REMOVED, Criticality.BREAKING, coordinate, "Directive " + coordinate
                        + " was removed");
                continue;
            }
            for (Introspection.DirectiveLocation location : old.validLocations()) {
                if (!current.validLocations().contains(location)) {
                    add(ChangeCode.DIRECTIVE_LOCATION_REMOVED, Criticality.BREAKING, coordinate, "Directive "
                            + coordinate + " can no longer be used on " + location);
                }
            }
            for (GraphQLArgument argument : old.getArguments()) {
                if (current.getArgument(argument.getName()) == null) {
                    add(ChangeCode.DIRECTIVE_ARG_REMOVED, Criticality.BREAKING, coordinate + "(" + argument.getName()
                            + ":)", "Argument \"" + argument.getName() + "\" of directive " + coordinate + " was removed");
                }
            }
            for (GraphQLArgument argument : current.getArguments()) {
                boolean required = GraphQLTypeUtil.isNonNull(argument.getType()) && defaultOf(argument) == null;
                if (old.getArgument(argument.getName()) == null && required) {
                    add(ChangeCode.DIRECTIVE_ARG_REQUIRED_ADDED, Criticality.BREAKING, coordinate + "("
                            + argument.getName() + ":)", "Required argument \"" + argument.getName()
                            + "\" was added to directive " + coordinate);
                }
            }
        }
        for (GraphQLDirective current : after.values()) {
            if (!before.containsKey(current.getName())) {
                add(ChangeCode.DIRECTIVE_ADDED, Criticality.SAFE, "@" + current.getName(), "Directive @"
                        + current.getName() + " was added");
            }
        }
    }

    // ---- type compatibility -----------------------------------------------------------------------------------

    /** An output may only get stricter: same named type and list shape, non-null kept wherever it was. */
    static boolean outputChangeIsSafe(GraphQLType old, GraphQLType current) {
        if (old instanceof GraphQLNonNull oldNonNull) {
            return current instanceof GraphQLNonNull newNonNull
                    && outputChangeIsSafe(oldNonNull.getWrappedType(), newNonNull.getWrappedType());
        }
        GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(current);
        if (old instanceof GraphQLList oldList) {
            return unwrapped instanceof GraphQLList newList
                    && outputChangeIsSafe(oldList.getWrappedType(), newList.getWrappedType());
        }
        return unwrapped instanceof GraphQLNamedType named && named.getName().equals(((GraphQLNamedType) old).getName());
    }

    /** An input may only get looser: same named type and list shape, non-null may be dropped, never added. */
    static boolean inputChangeIsSafe(GraphQLType old, GraphQLType current) {
        if (old instanceof GraphQLNonNull oldNonNull) {
            GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(current);
            return inputChangeIsSafe(oldNonNull.getWrappedType(), unwrapped);
        }
        if (current instanceof GraphQLNonNull) {
            return false;
        }
        if (old instanceof GraphQLList oldList) {
            return current instanceof GraphQLList newList
                    && inputChangeIsSafe(oldList.getWrappedType(), newList.getWrappedType());
        }
        return current instanceof GraphQLNamedType named && named.getName().equals(((GraphQLNamedType) old).getName());
    }

    /** True when {@code looser} is {@code stricter} with one or more non-null wrappers removed. */
    private static boolean nullableOnly(GraphQLType stricter, GraphQLType looser) {
        return GraphQLTypeUtil.simplePrint(stricter).replace("!", "").equals(GraphQLTypeUtil.simplePrint(looser)
                .replace("!", ""));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Set<String> names(List<? extends GraphQLNamedType> types) {
        return types.stream().map(GraphQLNamedType::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String kind(GraphQLNamedType type) {
        if (type instanceof GraphQLObjectType) {
            return "Object type";
        } else if (type instanceof GraphQLInterfaceType) {
            return "Interface";
        } else if (type instanceof GraphQLUnionType) {
            return "Union";
        } else if (type instanceof GraphQLEnumType) {
            return "Enum";
        } else if (type instanceof GraphQLInputObjectType) {
            return "Input type";
        }
        return "Scalar";
    }

    private static String defaultOf(GraphQLArgument argument) {
        return argument.getDefinition() == null ? null : printed(argument.getDefinition().getDefaultValue());
    }

    private static String defaultOf(GraphQLInputObjectField field) {
        return field.getDefinition() == null ? null : printed(field.getDefinition().getDefaultValue());
    }

    private static String printed(Value<?> value) {
        return value == null ? null : AstPrinter.printAst(value);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private void add(ChangeCode code, Criticality criticality, String coordinate, String message) {
        changes.add(new SchemaChange(code, criticality, coordinate, message));
    }
}
