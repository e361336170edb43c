package io.streamplane.federation.compose;

import graphql.language.SelectionSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the federation rules that only need one subgraph: {@code @key}, {@code @requires} and {@code @provides}
 * selections, {@code @external}, {@code @shareable}, {@code @override} and {@code @interfaceObject} usage. Also
 * records which fields key and provides selections touch, which composition needs for the shareability rules.
 *
 * <p>Federation 1 subgraphs are upgraded the way Federation 2 reads them: {@code @external} on key fields of a type
 * extension is dropped (those fields are resolvable), unused {@code @external} fields are tolerated and the
 * requires/provides "must be external" rules are not applied.
 */
final class SubgraphValidator {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z][a-zA-Z0-9_\\-:.]{0,99}");
    private static final Pattern PERCENT = Pattern.compile("percent\\((\\d{1,2}(\\.\\d{1,8})?|100(\\.0{1,8})?)\\)");

    private final Subgraph subgraph;
    private final List<CompositionError> errors;
    private final Map<String, SelectionSet> parsedFieldSets = new HashMap<>();

    private SubgraphValidator(Subgraph subgraph, List<CompositionError> errors) {
        this.subgraph = subgraph;
        this.errors = errors;
    }

    /** Validates the subgraph, adding problems to {@code errors}; returns whether it is valid. */
    static boolean validate(Subgraph subgraph, List<CompositionError> errors) {
        int before = errors.size();
        new SubgraphValidator(subgraph, errors).run();
        return errors.size() == before;
    }

    private void run() {
        for (Subgraph.NamedType type : subgraph.types.values()) {
            if (type.kind == TypeKind.OBJECT || type.kind == TypeKind.INTERFACE) {
                type.keys.forEach(key -> checkKey(type, key));
            }
        }
        for (Subgraph.NamedType type : subgraph.types.values()) {
            if (type.kind != TypeKind.OBJECT && type.kind != TypeKind.INTERFACE) {
                continue;
            }
            if (type.kind == TypeKind.INTERFACE) {
                checkInterfaceKeysOnImplementations(type);
            }
            if (type.kind == TypeKind.INTERFACE || type.interfaceObject) {
                checkNoAccessControl(type.name, type.applied, "interface \"" + type.name + "\"");
                type.fields.values().forEach(f -> checkNoAccessControl(f.coordinate(), f.applied,
                        "interface field \"" + f.coordinate() + "\""));
            }
            if (type.interfaceObject && type.keys.isEmpty()) {
                error(ErrorCode.INTERFACE_OBJECT_USAGE_ERROR, type.name, "The @interfaceObject type \"" + type.name
                        + "\" must have at least one @key");
            }
            for (Subgraph.Field field : type.fields.values()) {
                checkFieldDirectives(type, field);
                if (field.requires != null) {
                    checkRequires(type, field);
                }
                if (field.provides != null) {
                    checkProvides(field);
                }
            }
        }
        if (subgraph.federation1) {
            upgradeFederation1Externals();
        } else {
            checkUnusedExternals();
        }
    }

    private void checkKey(Subgraph.NamedType type, Subgraph.Key key) {
        String prefix = "On type \"" + type.name + "\", for @key(fields: \"" + key.fields() + "\"): ";
        List<FieldSet.SelectedField> selected;
        try {
            selected = FieldSet.resolve(subgraph, type, key.fields(), parsedFieldSets);
        } catch (FieldSet.InvalidFieldSet e) {
            error(ErrorCode.KEY_INVALID_FIELDS, type.name, prefix + e.getMessage());
            return;
        }
        for (FieldSet.SelectedField field : selected) {
            Optional<Subgraph.NamedType> fieldType = subgraph.type(TypeShapes.namedType(field.field().type));
            boolean abstractType = fieldType.map(t -> t.kind == TypeKind.INTERFACE || t.kind == TypeKind.UNION)
                    .orElse(false);
            if (abstractType) {
                error(ErrorCode.KEY_FIELDS_SELECT_INVALID_TYPE, type.name, prefix + "field \"" + field.coordinate()
                        + "\" is an interface or union type, which is not allowed in @key");
            }
            if (!field.field().arguments.isEmpty()) {
                error(ErrorCode.KEY_FIELDS_HAS_ARGS, type.name, prefix + "field \"" + field.coordinate()
                        + "\" has arguments; fields with arguments cannot be part of a @key");
            }
            subgraph.keyFields.add(field.coordinate());
            subgraph.selectedFields.add(field.coordinate());
        }
    }

    /** Entities are resolved through an interface's key, so every implementation here must have that key too. */
    private void checkInterfaceKeysOnImplementations(Subgraph.NamedType anInterface) {
        for (Subgraph.Key key : anInterface.keys) {
            String fields = normalized(key.fields());
            for (Subgraph.NamedType type : subgraph.types.values()) {
                boolean implementsIt = type.kind == TypeKind.OBJECT && type.interfaces.contains(anInterface.name);
                if (implementsIt && type.keys.stream().noneMatch(k -> normalized(k.fields()).equals(fields))) {
                    error(ErrorCode.INTERFACE_KEY_NOT_ON_IMPLEMENTATION, type.name, "Key @key(fields: \""
                            + key.fields() + "\") on interface type \"" + anInterface.name
                            + "\" is missing on implementation type \"" + type.name + "\"");
                }
            }
        }
    }

    /** Access control belongs on the implementations; on an interface it would be ambiguous. */
    private void checkNoAccessControl(String coordinate, AppliedDirectives applied, String what) {
        List<String> used = new ArrayList<>();
        if (applied.authenticated) {
            used.add("@authenticated");
        }
        if (applied.requiresScopes != null) {
            used.add("@requiresScopes");
        }
        if (applied.policies != null) {
            used.add("@policy");
        }
        for (String directive : used) {
            error(ErrorCode.AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE, coordinate, "Invalid use of " + directive + " on "
                    + what + ": " + directive + " cannot be applied on interfaces, interface fields and interface "
                    + "objects");
        }
    }

    private static String normalized(String fieldSet) {
        return fieldSet.replaceAll("([{}])", " $1 ").trim().replaceAll("[\\s,]+", " ");
    }

    private void checkFieldDirectives(Subgraph.NamedType type, Subgraph.Field field) {
        String coordinate = field.coordinate();
        if (type.kind == TypeKind.INTERFACE) {
            if (field.external) {
                error(ErrorCode.EXTERNAL_ON_INTERFACE, coordinate, "Interface field \"" + coordinate
                        + "\" cannot be marked @external");
            }
            if (field.shareable) {
                error(ErrorCode.INVALID_SHAREABLE_USAGE, coordinate, "Interface field \"" + coordinate
                        + "\" cannot be marked @shareable");
            }
            if (field.overrideFrom != null) {
                error(ErrorCode.OVERRIDE_ON_INTERFACE, coordinate, "@override cannot be used on interface field \""
                        + coordinate + "\"");
            }
            return;
        }
        if (field.overrideFrom == null) {
            return;
        }
        if (field.overrideFrom.equals(subgraph.name)) {
            error(ErrorCode.OVERRIDE_FROM_SELF_ERROR, coordinate, "Source and destination subgraphs \""
                    + subgraph.name + "\" are the same for overridden field \"" + coordinate + "\"");
        }
        if (field.external) {
            error(ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE, coordinate, "@override cannot be used on field \""
                    + coordinate + "\" because it is also marked @external");
        }
        if (field.overrideLabel != null && !LABEL.matcher(field.overrideLabel).matches()
                && !PERCENT.matcher(field.overrideLabel).matches()) {
            error(ErrorCode.OVERRIDE_LABEL_INVALID, coordinate, "Invalid @override label \"" + field.overrideLabel
                    + "\" on \"" + coordinate + "\": use percent(0-100) or a name like \"my-flag\"");
        }
    }

    private void checkRequires(Subgraph.NamedType type, Subgraph.Field field) {
        String prefix = "On field \"" + field.coordinate() + "\", for @requires(fields: \"" + field.requires + "\"): ";
        try {
            for (FieldSet.SelectedField selected : FieldSet.resolve(subgraph, type, field.requires, parsedFieldSets)) {
                subgraph.selectedFields.add(selected.coordinate());
                if (mustBeExternal(selected)) {
                    error(ErrorCode.REQUIRES_FIELDS_MISSING_EXTERNAL, field.coordinate(), prefix + "field \""
                            + selected.coordinate() + "\" should not be part of a @requires since it is already "
                            + "provided by this subgraph (it is not marked @external)");
                }
            }
        } catch (FieldSet.InvalidFieldSet e) {
            error(ErrorCode.REQUIRES_INVALID_FIELDS, field.coordinate(), prefix + e.getMessage());
        }
    }

    private void checkProvides(Subgraph.Field field) {
        String prefix = "On field \"" + field.coordinate() + "\", for @provides(fields: \"" + field.provides + "\"): ";
        Optional<Subgraph.NamedType> target = subgraph.type(TypeShapes.namedType(field.type))
                .filter(t -> t.kind.isComposite());
        if (target.isEmpty()) {
            error(ErrorCode.PROVIDES_ON_NON_OBJECT_FIELD, field.coordinate(), prefix + "invalid @provides on field \""
                    + field.coordinate() + "\": its type " + TypeShapes.print(field.type)
                    + " is not an object, interface or union type");
            return;
        }
        try {
            for (FieldSet.SelectedField selected : FieldSet.resolve(subgraph, target.get(), field.provides, parsedFieldSets)) {
                subgraph.selectedFields.add(selected.coordinate());
                subgraph.providedFields.add(selected.coordinate());
                if (!selected.field().arguments.isEmpty()) {
                    error(ErrorCode.PROVIDES_FIELDS_HAS_ARGS, field.coordinate(), prefix + "field \""
                            + selected.coordinate() + "\" cannot be included because it has arguments");
                }
                if (mustBeExternal(selected)) {
                    error(ErrorCode.PROVIDES_FIELDS_MISSING_EXTERNAL, field.coordinate(), prefix + "field \""
                            + selected.coordinate() + "\" should not be part of a @provides since it is already "
                            + "provided by this subgraph (it is not marked @external)");
                }
            }
        } catch (FieldSet.InvalidFieldSet e) {
            error(ErrorCode.PROVIDES_INVALID_FIELDS, field.coordinate(), prefix + e.getMessage());
        }
    }

    /** Leaves of a requires/provides selection must be external unless a field above them is (Federation 2). */
    private boolean mustBeExternal(FieldSet.SelectedField selected) {
        return selected.leaf() && !selected.underExternal() && !selected.field().external && !subgraph.federation1;
    }

    private void checkUnusedExternals() {
        for (Subgraph.NamedType type : subgraph.types.values()) {
            for (Subgraph.Field field : type.fields.values()) {
                if (field.external && !subgraph.selectedFields.contains(field.coordinate())
                        && !satisfiesInterfaceField(type, field)) {
                    error(ErrorCode.EXTERNAL_UNUSED, field.coordinate(), "Field \"" + field.coordinate()
                            + "\" is marked @external but is not used in any federation directive (@key, @provides, "
                            + "@requires) or to satisfy an interface; the field declaration has no use and should be "
                            + "removed (or the field should not be @external)");
                }
            }
        }
    }

    /** Federation 1 semantics: key fields of type extensions are resolvable, and unused externals are ignored. */
    private void upgradeFederation1Externals() {
        for (Subgraph.NamedType type : subgraph.types.values()) {
            for (Subgraph.Field field : List.copyOf(type.fields.values())) {
                boolean keyOfExtension = type.extension && subgraph.keyFields.contains(field.coordinate());
                boolean unused = !subgraph.selectedFields.contains(field.coordinate());
                if (field.external && (keyOfExtension || unused && !satisfiesInterfaceField(type, field))) {
                    field.external = false;
                    if (unused && !keyOfExtension) {
                        type.fields.remove(field.name);
                    }
                }
            }
        }
    }

    private boolean satisfiesInterfaceField(Subgraph.NamedType type, Subgraph.Field field) {
        return type.interfaces.stream()
                .map(subgraph.types::get)
                .anyMatch(anInterface -> anInterface != null && anInterface.fields.containsKey(field.name));
    }

    private void error(ErrorCode code, String coordinate, String message) {
        errors.add(subgraph.error(code, coordinate, message));
    }
}
