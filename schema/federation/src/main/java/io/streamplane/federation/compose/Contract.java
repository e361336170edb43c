package io.streamplane.federation.compose;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectiveLocation;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValue;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.UnionTypeDefinition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A contract variant of a supergraph, selected by {@code @tag} names. The result is the same supergraph with the
 * filtered-out elements marked {@code @inaccessible}: the gateway still plans over everything, while the contract's
 * API schema ({@link ApiSchema#fromSupergraph}) shows only the selected part.
 *
 * <p>Rules: an element tagged with an excluded tag is out (exclusion wins). With include tags, a field of an object,
 * interface or input type stays only when it or its parent type carries an included tag; a type stays when it is
 * tagged or keeps a field; unions, enums and scalars stay unless excluded. Then removal cascades: fields returning a
 * removed type go, optional arguments and input fields of a removed type go (a required one takes its field or input
 * type with it), and a type left without fields, values or members goes.
 */
public final class Contract {

    /**
     * The tag names a contract keeps and drops; an empty include set means "everything not excluded". With
     * {@code hideUnreachableTypes}, types clients can no longer reach from a root type are hidden as well.
     */
    public record Filter(Set<String> includeTags, Set<String> excludeTags, boolean hideUnreachableTypes) {
        public Filter {
            includeTags = Set.copyOf(includeTags);
            excludeTags = Set.copyOf(excludeTags);
        }

        public Filter(Set<String> includeTags, Set<String> excludeTags) {
            this(includeTags, excludeTags, false);
        }
    }

    private final Filter filter;
    private final Optional<String> tag;
    private final String inaccessible;
    private final boolean inaccessibleLinked;
    private final Map<String, TypeDefinition<?>> types = new LinkedHashMap<>();
    /** Coordinates to hide: {@code Type}, {@code Type.field}, {@code Type.field(arg:)}, {@code Enum.VALUE}. */
    private final Set<String> hidden = new HashSet<>();

    private Contract(Filter filter, LinkedSpecs specs) {
        this.filter = filter;
        this.tag = specs.rootDirective("tag");
        this.inaccessibleLinked = specs.rootDirective("inaccessible").isPresent();
        this.inaccessible = specs.rootDirective("inaccessible").orElse("inaccessible");
    }

    /** The contract supergraph SDL; fails when the filtered API schema would be invalid (e.g. no query left). */
    public static String apply(String supergraphSdl, Filter filter) throws ApiSchema.InvalidSupergraphException {
        Document supergraph = ApiSchema.parse(supergraphSdl);
        LinkedSpecs specs = LinkedSpecs.of(supergraph);
        Contract contract = new Contract(filter, specs);
        for (TypeDefinition<?> type : supergraph.getDefinitionsOfType(TypeDefinition.class)) {
            if (!specs.isFeatureType(type.getName())) {
                contract.types.put(type.getName(), type);
            }
        }
        contract.selectByTags();
        contract.cascade();
        if (filter.hideUnreachableTypes()) {
            contract.hideUnreachableTypes(supergraph);
            contract.cascade();
        }
        String result = AstPrinter.printAst(contract.mark(supergraph));
        ApiSchema.fromSupergraph(result);
        return result;
    }

    // ---- selection --------------------------------------------------------------------------------------------

    private void selectByTags() {
        for (TypeDefinition<?> type : types.values()) {
            String name = type.getName();
            if (isHidden(type) || excluded(type)) {
                hidden.add(name);
                continue;
            }
            boolean typeIncluded = included(type);
            boolean keepsField = false;
            for (Member member : members(type)) {
                boolean fieldLike = type instanceof ObjectTypeDefinition || type instanceof InterfaceTypeDefinition
                        || type instanceof InputObjectTypeDefinition;
                boolean out = isHidden(member.element()) || excluded(member.element()) || fieldLike
                        && !filter.includeTags().isEmpty() && !typeIncluded && !included(member.element());
                if (out) {
                    hidden.add(member.coordinate());
                } else {
                    keepsField = true;
                }
                for (Member argument : member.arguments()) {
                    if (isHidden(argument.element()) || excluded(argument.element())) {
                        hidden.add(argument.coordinate());
                    }
                }
            }
            boolean fieldLikeType = !(type instanceof UnionTypeDefinition) && !(type instanceof EnumTypeDefinition)
                    && !(type instanceof ScalarTypeDefinition);
            if (fieldLikeType && !filter.includeTags().isEmpty() && !typeIncluded && !keepsField) {
                hidden.add(name);
            }
        }
    }

    /** Hides everything that refers to a hidden type, and types left empty, until nothing changes. */
    private void cascade() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TypeDefinition<?> type : types.values()) {
                if (hidden.contains(type.getName())) {
                    continue;
                }
                int visible = 0;
                for (Member member : members(type)) {
                    if (hidden.contains(member.coordinate())) {
                        continue;
                    }
                    boolean memberGoes = member.type() != null && hidden.contains(TypeShapes.namedType(member.type()));
                    for (Member argument : member.arguments()) {
                        if (!hidden.contains(argument.coordinate())
                                && hidden.contains(TypeShapes.namedType(argument.type()))) {
                            if (argument.required()) {
                                memberGoes = true;
                            } else {
                                changed |= hidden.add(argument.coordinate());
                            }
                        }
                    }
                    if (memberGoes && type instanceof InputObjectTypeDefinition && member.required()) {
                        changed |= hidden.add(type.getName());
                    } else if (memberGoes) {
                        changed |= hidden.add(member.coordinate());
                    } else {
                        visible++;
                    }
                }
                if (visible == 0 && !(type instanceof ScalarTypeDefinition)) {
                    changed |= hidden.add(type.getName());
                }
            }
        }
    }

    /**
     * Hides every type not reachable from a root type through visible fields, arguments, input fields, union
     * members and (for a reachable interface) its implementations.
     */
    private void hideUnreachableTypes(Document supergraph) {
        Set<String> reachable = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        for (SchemaDefinition schema : supergraph.getDefinitionsOfType(SchemaDefinition.class)) {
            schema.getOperationTypeDefinitions().forEach(o -> pending.add(o.getTypeName().getName()));
        }
        if (pending.isEmpty()) {
            pending.addAll(List.of("Query", "Mutation", "Subscription"));
        }
        while (!pending.isEmpty()) {
            String name = pending.pop();
            TypeDefinition<?> type = types.get(name);
            if (type == null || hidden.contains(name) || !reachable.add(name)) {
                continue;
            }
            for (Member member : members(type)) {
                if (hidden.contains(member.coordinate())) {
                    continue;
                }
                if (member.type() != null) {
                    pending.add(TypeShapes.namedType(member.type()));
                }
                member.arguments().stream().filter(a -> !hidden.contains(a.coordinate()))
                        .forEach(a -> pending.add(TypeShapes.namedType(a.type())));
            }
            if (type instanceof InterfaceTypeDefinition) {
                for (TypeDefinition<?> candidate : types.values()) {
                    List<Type> interfaces = candidate instanceof ObjectTypeDefinition object ? object.getImplements()
                            : candidate instanceof InterfaceTypeDefinition other ? other.getImplements() : List.of();
                    if (interfaces.stream().anyMatch(i -> TypeShapes.namedType(i).equals(name))) {
                        pending.add(candidate.getName());
                    }
                }
            }
        }
        types.keySet().stream().filter(name -> !reachable.contains(name)).forEach(hidden::add);
    }

    // ---- marking ----------------------------------------------------------------------------------------------

    private Document mark(Document supergraph) {
        List<Definition> definitions = new ArrayList<>();
        for (Definition<?> definition : supergraph.getDefinitions()) {
            if (definition instanceof SchemaDefinition schema && !inaccessibleLinked) {
                definitions.add(schema.transform(b -> b.directives(withLink(schema.getDirectives()))));
                definitions.add(DirectiveDefinition.newDirectiveDefinition().name(inaccessible)
                        .directiveLocations(List.of("FIELD_DEFINITION", "OBJECT", "INTERFACE", "UNION",
                                        "ARGUMENT_DEFINITION", "SCALAR", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
                                        "INPUT_FIELD_DEFINITION").stream()
                                .map(l -> DirectiveLocation.newDirectiveLocation().name(l).build())
                                .toList())
                        .build());
            } else if (definition instanceof TypeDefinition<?> type && types.containsKey(type.getName())) {
                definitions.add(markType(type));
            } else {
                definitions.add(definition);
            }
        }
        return supergraph.transform(b -> b.definitions(definitions));
    }

    private List<Directive> withLink(List<Directive> directives) {
        List<Directive> result = new ArrayList<>(directives);
        result.add(Directive.newDirective().name("link").arguments(List.of(
                Argument.newArgument("url", StringValue.of(SupergraphPrinter.INACCESSIBLE_URL)).build(),
                Argument.newArgument("for", EnumValue.of("SECURITY")).build())).build());
        return result;
    }

    private Definition<?> markType(TypeDefinition<?> type) {
        String name = type.getName();
        if (type instanceof ObjectTypeDefinition object) {
            return object.transform(b -> b.directives(marked(name, object.getDirectives()))
                    .fieldDefinitions(object.getFieldDefinitions().stream().map(f -> markField(name, f)).toList()));
        }
        if (type instanceof InterfaceTypeDefinition anInterface) {
            return anInterface.transform(b -> b.directives(marked(name, anInterface.getDirectives()))
                    .definitions(anInterface.getFieldDefinitions().stream().map(f -> markField(name, f)).toList()));
        }
        if (type instanceof InputObjectTypeDefinition input) {
            return input.transform(b -> b.directives(marked(name, input.getDirectives()))
                    .inputValueDefinitions(input.getInputValueDefinitions().stream()
                            .map(v -> v.transform(vb -> vb.directives(marked(name + "." + v.getName(), v.getDirectives()))))
                            .toList()));
        }
        if (type instanceof EnumTypeDefinition anEnum) {
            return anEnum.transform(b -> b.directives(marked(name, anEnum.getDirectives()))
                    .enumValueDefinitions(anEnum.getEnumValueDefinitions().stream()
                            .map(v -> v.transform(vb -> vb.directives(marked(name + "." + v.getName(), v.getDirectives()))))
                            .toList()));
        }
        if (type instanceof UnionTypeDefinition union) {
            return union.transform(b -> b.directives(marked(name, union.getDirectives())));
        }
        ScalarTypeDefinition scalar = (ScalarTypeDefinition) type;
        return scalar.transform(b -> b.directives(marked(name, scalar.getDirectives())));
    }

    private FieldDefinition markField(String typeName, FieldDefinition field) {
        String coordinate = typeName + "." + field.getName();
        return field.transform(b -> b.directives(marked(coordinate, field.getDirectives()))
                .inputValueDefinitions(field.getInputValueDefinitions().stream()
                        .map(a -> a.transform(ab -> ab.directives(marked(coordinate + "(" + a.getName() + ":)",
                                a.getDirectives()))))
                        .toList()));
    }

    private List<Directive> marked(String coordinate, List<Directive> directives) {
        boolean already = directives.stream().anyMatch(d -> d.getName().equals(inaccessible));
        if (!hidden.contains(coordinate) || already) {
            return directives;
        }
        List<Directive> result = new ArrayList<>(directives);
        result.add(Directive.newDirective().name(inaccessible).build());
        return result;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A field, input field, enum value or union member of a type, with its coordinate and (for fields) arguments. */
    private record Member(String coordinate, DirectivesContainer<?> element, Type<?> type, boolean required,
                          List<Member> arguments) {
    }

    private List<Member> members(TypeDefinition<?> type) {
        String name = type.getName();
        List<Member> members = new ArrayList<>();
        List<FieldDefinition> fields = type instanceof ObjectTypeDefinition object ? object.getFieldDefinitions()
                : type instanceof InterfaceTypeDefinition anInterface ? anInterface.getFieldDefinitions() : List.of();
        for (FieldDefinition field : fields) {
            String coordinate = name + "." + field.getName();
            List<Member> arguments = field.getInputValueDefinitions().stream()
                    .map(a -> inputMember(coordinate + "(" + a.getName() + ":)", a)).toList();
            members.add(new Member(coordinate, field, field.getType(), false, arguments));
        }
        if (type instanceof InputObjectTypeDefinition input) {
            input.getInputValueDefinitions().forEach(v -> members.add(inputMember(name + "." + v.getName(), v)));
        }
        if (type instanceof EnumTypeDefinition anEnum) {
            for (EnumValueDefinition value : anEnum.getEnumValueDefinitions()) {
                members.add(new Member(name + "." + value.getName(), value, null, false, List.of()));
            }
        }
        if (type instanceof UnionTypeDefinition union) {
            for (Type<?> member : union.getMemberTypes()) {
                String memberName = TypeShapes.namedType(member);
                members.add(new Member(name + "|" + memberName, types.get(memberName), member, false, List.of()));
            }
        }
        return members.stream().filter(m -> m.element() != null).toList();
    }

    private static Member inputMember(String coordinate, InputValueDefinition value) {
        boolean required = value.getType() instanceof NonNullType && value.getDefaultValue() == null;
        return new Member(coordinate, value, value.getType(), required, List.of());
    }

    private boolean isHidden(DirectivesContainer<?> element) {
        return ApiSchema.marked(element, Optional.of(inaccessible));
    }

    private boolean excluded(DirectivesContainer<?> element) {
        return tags(element).stream().anyMatch(filter.excludeTags()::contains);
    }

    private boolean included(DirectivesContainer<?> element) {
        return tags(element).stream().anyMatch(filter.includeTags()::contains);
    }

    private List<String> tags(DirectivesContainer<?> element) {
        if (tag.isEmpty()) {
            return List.of();
        }
        return element.getDirectives().stream()
                .filter(d -> d.getName().equals(tag.get()))
                .map(d -> SubgraphReader.stringArgument(d, "name").orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }
}
