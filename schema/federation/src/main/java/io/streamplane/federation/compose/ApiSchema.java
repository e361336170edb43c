package io.streamplane.federation.compose;

import graphql.GraphQLException;
import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.DescribedNode;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API (client) schema of a supergraph: the supergraph minus every {@code @inaccessible} element and minus every
 * core-feature element ({@code join__*}, {@code link__*}, spec directives and their applications). Clients see and
 * validate against this; the gateway still plans over the full supergraph. Error messages never name inaccessible
 * elements' contents beyond their coordinate, which reviewers need to fix the schema.
 *
 * @param sdl    the API schema as SDL
 * @param schema the same as a graphql-java schema, for validation and introspection
 */
public record ApiSchema(String sdl, GraphQLSchema schema) {

    private static final Set<String> KEPT_DIRECTIVES = Set.of("deprecated", "specifiedBy", "oneOf");

    /** A supergraph that cannot yield an API schema; the errors say why. */
    public static final class InvalidSupergraphException extends Exception {
        private final List<CompositionError> errors;

        public InvalidSupergraphException(List<CompositionError> errors) {
            super(errors.isEmpty() ? "invalid supergraph" : errors.get(0).describe());
            this.errors = List.copyOf(errors);
        }

        public List<CompositionError> errors() {
            return errors;
        }
    }

    public static ApiSchema fromSupergraph(String supergraphSdl) throws InvalidSupergraphException {
        Document supergraph = parse(supergraphSdl);
        LinkedSpecs specs = LinkedSpecs.of(supergraph);
        Optional<String> inaccessible = specs.rootDirective("inaccessible");
        List<CompositionError> errors = new ArrayList<>();

        Set<String> removedTypes = new HashSet<>();
        for (Definition<?> definition : supergraph.getDefinitions()) {
            if (definition instanceof TypeDefinition<?> type
                    && (specs.isFeatureType(type.getName()) || marked(type, inaccessible))) {
                removedTypes.add(type.getName());
            }
        }
        List<Definition> kept = new ArrayList<>();
        for (Definition<?> definition : supergraph.getDefinitions()) {
            if (definition instanceof SchemaDefinition schema) {
                kept.add(schema.transform(b -> b.directives(List.of())));
            } else if (definition instanceof DirectiveDefinition directive) {
                if (!specs.isFeatureDirective(directive.getName())) {
                    kept.add(directive);
                }
            } else if (definition instanceof TypeDefinition<?> type && !removedTypes.contains(type.getName())) {
                new Filter(inaccessible, removedTypes, errors).type(type).ifPresent(kept::add);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSupergraphException(errors);
        }
        String sdl = print(kept);
        try {
            GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
            return new ApiSchema(sdl, schema);
        } catch (GraphQLException e) {
            throw new InvalidSupergraphException(List.of(new CompositionError(ErrorCode.INVALID_GRAPHQL, "", "",
                    "The API schema is not a valid GraphQL schema: " + e.getMessage())));
        }
    }

    /** Prints like the supergraph: declaration order kept, one blank line between definitions. */
    private static String print(List<Definition> definitions) {
        List<String> blocks = new ArrayList<>();
        for (Definition<?> definition : definitions) {
            if (definition instanceof SchemaDefinition schema) {
                boolean standard = schema.getOperationTypeDefinitions().stream().allMatch(o -> o.getTypeName().getName()
                        .equalsIgnoreCase(o.getName()));
                if (!standard) {
                    blocks.add(AstPrinter.printAst(schema));
                }
            } else if (definition instanceof TypeDefinition<?> type) {
                blocks.add(SupergraphPrinter.printType(merged(type)));
            } else {
                blocks.add(AstPrinter.printAst(definition));
            }
        }
        return String.join("\n\n", blocks) + "\n";
    }

    private static Merged.Type merged(TypeDefinition<?> type) {
        String description = type instanceof DescribedNode<?> described && described.getDescription() != null
                ? described.getDescription().getContent() : null;
        List<String> directives = printed(type.getDirectives());
        if (type instanceof ObjectTypeDefinition object) {
            return new Merged.Type(TypeKind.OBJECT, type.getName(), description, names(object.getImplements()),
                    directives, object.getFieldDefinitions().stream().map(ApiSchema::merged).toList(), List.of(), List.of());
        }
        if (type instanceof InterfaceTypeDefinition anInterface) {
            return new Merged.Type(TypeKind.INTERFACE, type.getName(), description, names(anInterface.getImplements()),
                    directives, anInterface.getFieldDefinitions().stream().map(ApiSchema::merged).toList(), List.of(),
                    List.of());
        }
        if (type instanceof UnionTypeDefinition union) {
            return new Merged.Type(TypeKind.UNION, type.getName(), description, List.of(), directives, List.of(),
                    names(union.getMemberTypes()), List.of());
        }
        if (type instanceof EnumTypeDefinition anEnum) {
            return new Merged.Type(TypeKind.ENUM, type.getName(), description, List.of(), directives, List.of(),
                    List.of(), anEnum.getEnumValueDefinitions().stream().map(v -> new Merged.EnumValue(v.getName(),
                            v.getDescription() == null ? null : v.getDescription().getContent(),
                            printed(v.getDirectives()))).toList());
        }
        if (type instanceof InputObjectTypeDefinition input) {
            return new Merged.Type(TypeKind.INPUT_OBJECT, type.getName(), description, List.of(), directives,
                    input.getInputValueDefinitions().stream().map(ApiSchema::merged).toList(), List.of(), List.of());
        }
        return new Merged.Type(TypeKind.SCALAR, type.getName(), description, List.of(), directives, List.of(), List.of(),
                List.of());
    }

    private static Merged.Field merged(FieldDefinition field) {
        return new Merged.Field(field.getName(), field.getDescription() == null ? null : field.getDescription().getContent(),
                field.getInputValueDefinitions().stream().map(ApiSchema::merged).toList(),
                TypeShapes.print(field.getType()), null, printed(field.getDirectives()));
    }

    private static Merged.Field merged(InputValueDefinition value) {
        return new Merged.Field(value.getName(), value.getDescription() == null ? null : value.getDescription().getContent(),
                List.of(), TypeShapes.print(value.getType()),
                value.getDefaultValue() == null ? null : AstPrinter.printAst(value.getDefaultValue()),
                printed(value.getDirectives()));
    }

    private static List<String> names(List<Type> types) {
        return types.stream().map(TypeShapes::namedType).toList();
    }

    private static List<String> printed(List<Directive> directives) {
        return directives.stream().map(d -> "@" + d.getName() + (d.getArguments().isEmpty() ? "" : d.getArguments()
                .stream().map(a -> a.getName() + ": " + AstPrinter.printAst(a.getValue()))
                .collect(Collectors.joining(", ", "(", ")")))).toList();
    }

    static Document parse(String sdl) throws InvalidSupergraphException {
        try {
            return new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(sdl)
                    .parserOptions(ParserOptions.getDefaultSdlParserOptions()).build());
        } catch (InvalidSyntaxException e) {
            throw new InvalidSupergraphException(List.of(new CompositionError(ErrorCode.INVALID_GRAPHQL, "", "",
                    "Invalid supergraph SDL: " + e.getMessage())));
        }
    }

    static boolean marked(DirectivesContainer<?> element, Optional<String> directive) {
        return directive.isPresent() && element.getDirectives().stream()
                .anyMatch(d -> d.getName().equals(directive.get()));
    }

    /** Removes inaccessible children and feature directive applications from one type. */
    private record Filter(Optional<String> inaccessible, Set<String> removedTypes, List<CompositionError> errors) {

        Optional<Definition> type(TypeDefinition<?> type) {
            String name = type.getName();
            if (type instanceof ObjectTypeDefinition object) {
                List<FieldDefinition> fields = fields(name, object.getFieldDefinitions());
                if (fields.isEmpty()) {
                    return onlyInaccessibleChildren(name);
                }
                return Optional.of(object.transform(b -> b.fieldDefinitions(fields).directives(kept(object.getDirectives()))
                        .implementz(accessible(object.getImplements()))));
            }
            if (type instanceof InterfaceTypeDefinition anInterface) {
                List<FieldDefinition> fields = fields(name, anInterface.getFieldDefinitions());
                if (fields.isEmpty()) {
                    return onlyInaccessibleChildren(name);
                }
                return Optional.of(anInterface.transform(b -> b.definitions(fields)
                        .directives(kept(anInterface.getDirectives())).implementz(accessible(anInterface.getImplements()))));
            }
            if (type instanceof UnionTypeDefinition union) {
                List<Type> members = accessible(union.getMemberTypes());
                if (members.isEmpty()) {
                    return onlyInaccessibleChildren(name);
                }
                return Optional.of(union.transform(b -> b.memberTypes(members).directives(kept(union.getDirectives()))));
            }
            if (type instanceof EnumTypeDefinition anEnum) {
                List<EnumValueDefinition> values = anEnum.getEnumValueDefinitions().stream()
                        .filter(v -> !marked(v, inaccessible))
                        .map(v -> v.transform(b -> b.directives(kept(v.getDirectives())))).toList();
                if (values.isEmpty()) {
                    return onlyInaccessibleChildren(name);
                }
                return Optional.of(anEnum.transform(b -> b.enumValueDefinitions(values).directives(kept(anEnum.getDirectives()))));
            }
            if (type instanceof InputObjectTypeDefinition input) {
                List<InputValueDefinition> fields = inputValues(name + ".", "", input.getInputValueDefinitions());
                if (fields.isEmpty()) {
                    return onlyInaccessibleChildren(name);
                }
                return Optional.of(input.transform(b -> b.inputValueDefinitions(fields).directives(kept(input.getDirectives()))));
            }
            ScalarTypeDefinition scalar = (ScalarTypeDefinition) type;
            return Optional.of(scalar.transform(b -> b.directives(kept(scalar.getDirectives()))));
        }

        private Optional<Definition> onlyInaccessibleChildren(String typeName) {
            errors.add(new CompositionError(ErrorCode.ONLY_INACCESSIBLE_CHILDREN, "", typeName, "Type \"" + typeName
                    + "\" is in the API schema but all of its members are @inaccessible"));
            return Optional.empty();
        }

        private List<FieldDefinition> fields(String typeName, List<FieldDefinition> fields) {
            List<FieldDefinition> kept = new ArrayList<>();
            for (FieldDefinition field : fields) {
                if (marked(field, inaccessible)) {
                    continue;
                }
                String coordinate = typeName + "." + field.getName();
                checkReference(field.getType(), coordinate);
                List<InputValueDefinition> arguments = inputValues(coordinate + "(", ":)", field.getInputValueDefinitions());
                kept.add(field.transform(b -> b.inputValueDefinitions(arguments).directives(kept(field.getDirectives()))));
            }
            return kept;
        }

        private List<InputValueDefinition> inputValues(String prefix, String suffix, List<InputValueDefinition> values) {
            List<InputValueDefinition> kept = new ArrayList<>();
            for (InputValueDefinition value : values) {
                String coordinate = prefix + value.getName() + suffix;
                if (marked(value, inaccessible)) {
                    if (value.getType() instanceof NonNullType && value.getDefaultValue() == null) {
                        errors.add(new CompositionError(ErrorCode.REQUIRED_INACCESSIBLE, "", coordinate, "\""
                                + coordinate + "\" is required but is @inaccessible, so clients could never set it"));
                    }
                    continue;
                }
                checkReference(value.getType(), coordinate);
                kept.add(value.transform(b -> b.directives(kept(value.getDirectives()))));
            }
            return kept;
        }

        private void checkReference(Type<?> type, String coordinate) {
            String referenced = TypeShapes.namedType(type);
            if (removedTypes.contains(referenced)) {
                errors.add(new CompositionError(ErrorCode.REFERENCED_INACCESSIBLE, "", coordinate, "Type \""
                        + referenced + "\" is @inaccessible but is referenced by \"" + coordinate
                        + "\", which is in the API schema"));
            }
        }

        private List<Type> accessible(List<Type> types) {
            return types.stream().filter(t -> !removedTypes.contains(TypeShapes.namedType(t))).toList();
        }

        private static List<Directive> kept(List<Directive> directives) {
            return directives.stream().filter(d -> KEPT_DIRECTIVES.contains(d.getName())).toList();
        }
    }
}
