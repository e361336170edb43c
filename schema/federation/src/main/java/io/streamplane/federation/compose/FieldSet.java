package io.streamplane.federation.compose;

import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A selection string such as {@code "id organization { id }"} as used by {@code @key}, {@code @requires} and
 * {@code @provides}, resolved against the types of one subgraph.
 */
final class FieldSet {

    /**
     * A field a field set selects, with the type it is selected on; {@code leaf} when it has no sub-selection and
     * {@code underExternal} when some field above it in the selection is {@code @external}.
     */
    record SelectedField(Subgraph.NamedType parent, Subgraph.Field field, boolean leaf, boolean underExternal) {
        String coordinate() {
            return field.coordinate();
        }
    }

    /** Why a field set cannot be used; the message reads well after "for @key(fields: ...): ". */
    static final class InvalidFieldSet extends Exception {
        InvalidFieldSet(String message) {
            super(message);
        }
    }

    private FieldSet() {
    }

    /**
     * Every field the selection touches, in selection order, or the reason it is not a valid selection.
     * {@code parsed} caches parsed selections by their text: most keys of a subgraph are the same few strings.
     */
    static List<SelectedField> resolve(Subgraph subgraph, Subgraph.NamedType root, String fields,
            Map<String, SelectionSet> parsed) throws InvalidFieldSet {
        SelectionSet selectionSet = parsed.get(fields);
        if (selectionSet == null) {
            selectionSet = parse(fields);
            parsed.put(fields, selectionSet);
        }
        List<SelectedField> selected = new ArrayList<>();
        walk(subgraph, root, selectionSet, false, selected);
        return selected;
    }

    private static SelectionSet parse(String fields) throws InvalidFieldSet {
        SelectionSet selectionSet;
        try {
            OperationDefinition operation = Parser.parse("{" + fields + "}")
                    .getFirstDefinitionOfType(OperationDefinition.class)
                    .orElseThrow(() -> new InvalidFieldSet("not a selection"));
            selectionSet = operation.getSelectionSet();
        } catch (InvalidSyntaxException e) {
            throw new InvalidFieldSet("syntax error: " + e.getMessage());
        }
        if (selectionSet.getSelections().isEmpty()) {
            throw new InvalidFieldSet("the selection is empty");
        }
        return selectionSet;
    }

    private static void walk(Subgraph subgraph, Subgraph.NamedType parent, SelectionSet selectionSet, boolean underExternal,
            List<SelectedField> selected) throws InvalidFieldSet {
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                walkField(subgraph, parent, field, underExternal, selected);
            } else if (selection instanceof InlineFragment fragment) {
                Subgraph.NamedType target = parent;
                if (fragment.getTypeCondition() != null) {
                    String name = fragment.getTypeCondition().getName();
                    target = subgraph.type(name).filter(t -> t.kind.isComposite())
                            .orElseThrow(() -> new InvalidFieldSet("unknown type condition \"" + name + "\""));
                }
                if (!fragment.getDirectives().isEmpty()) {
                    throw new InvalidFieldSet("directives are not allowed in a field set");
                }
                walk(subgraph, target, fragment.getSelectionSet(), underExternal, selected);
            } else {
                throw new InvalidFieldSet("named fragments are not allowed in a field set");
            }
        }
    }

    private static void walkField(Subgraph subgraph, Subgraph.NamedType parent, Field selection, boolean underExternal,
            List<SelectedField> selected) throws InvalidFieldSet {
        String name = selection.getName();
        if (name.equals("__typename")) {
            return;
        }
        if (selection.getAlias() != null || !selection.getDirectives().isEmpty()) {
            throw new InvalidFieldSet("aliases and directives are not allowed in a field set (on \"" + name + "\")");
        }
        Subgraph.Field field = parent.kind == TypeKind.UNION ? null : parent.fields.get(name);
        if (field == null) {
            throw new InvalidFieldSet("Cannot query field \"" + name + "\" on type \"" + parent.name + "\"");
        }
        for (Argument argument : selection.getArguments()) {
            if (!field.arguments.containsKey(argument.getName())) {
                throw new InvalidFieldSet("Unknown argument \"" + argument.getName() + "\" on field \""
                        + field.coordinate() + "\"");
            }
        }
        selected.add(new SelectedField(parent, field, selection.getSelectionSet() == null, underExternal));
        String typeName = TypeShapes.namedType(field.type);
        Subgraph.NamedType fieldType = subgraph.types.get(typeName);
        boolean composite = fieldType != null && fieldType.kind.isComposite();
        SelectionSet children = selection.getSelectionSet();
        if (composite && children == null) {
            throw new InvalidFieldSet("field \"" + field.coordinate() + "\" of type " + typeName
                    + " needs a sub-selection");
        }
        if (!composite && children != null) {
            throw new InvalidFieldSet("field \"" + field.coordinate() + "\" of type " + typeName
                    + " is a leaf and cannot have a sub-selection");
        }
        if (composite) {
            walk(subgraph, fieldType, children, underExternal || field.external, selected);
        }
    }
}
