package io.streamplane.federation.compose;

import graphql.language.DirectiveDefinition;
import graphql.language.Type;
import graphql.language.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One subgraph after reading its SDL: definitions and extensions folded together, federation directives resolved to
 * their canonical names, federation-owned types and fields removed. Built by {@link SubgraphReader}, read-only after.
 */
final class Subgraph {

    final String name;
    final String routingUrl;
    /** True for a Federation 1 subgraph (no federation {@code @link}); its fields are all implicitly shareable. */
    final boolean federation1;
    final Map<String, NamedType> types = new LinkedHashMap<>();
    /** Directive definitions that are neither federation nor linked-spec directives, by name. */
    final Map<String, DirectiveDefinition> directiveDefinitions = new LinkedHashMap<>();
    /** Where each element (by schema coordinate, and {@code @link}) is defined in the SDL, for error messages. */
    final Map<String, CompositionError.Location> locations = new HashMap<>();
    /** Coordinates ({@code Type.field}) selected by a {@code @key} of this subgraph; implicitly shareable. */
    final Set<String> keyFields = new HashSet<>();
    /** Coordinates selected by a {@code @provides} of this subgraph; implicitly shareable. */
    final Set<String> providedFields = new HashSet<>();
    /** Coordinates selected by any key, requires or provides: the fields this subgraph needs as inputs. */
    final Set<String> selectedFields = new HashSet<>();

    Subgraph(String name, String routingUrl, boolean federation1) {
        this.name = name;
        this.routingUrl = routingUrl;
        this.federation1 = federation1;
    }

    /** An error about an element of this subgraph, located in its SDL when the element is known. */
    CompositionError error(ErrorCode code, String coordinate, String message) {
        return new CompositionError(code, name, coordinate, message, Optional.ofNullable(locations.get(coordinate)));
    }

    Optional<NamedType> type(String typeName) {
        return Optional.ofNullable(types.get(typeName));
    }

    /** A named type as one subgraph defines it. */
    static final class NamedType {
        final String name;
        final TypeKind kind;
        String description;
        /** Defined only through {@code extend} or {@code @extends} in this subgraph. */
        boolean extension;
        /** Some block of the type carries {@code @extends} (Federation 1 keeps only those as join extensions). */
        boolean extendsDirective;
        boolean interfaceObject;
        /** Some block of the type carries {@code @external}. */
        boolean external;
        final AppliedDirectives applied = new AppliedDirectives();
        final List<Key> keys = new ArrayList<>();
        final Set<String> interfaces = new LinkedHashSet<>();
        final Set<String> unionMembers = new LinkedHashSet<>();
        final Map<String, Field> fields = new LinkedHashMap<>();
        final Map<String, EnumValue> enumValues = new LinkedHashMap<>();

        NamedType(String name, TypeKind kind) {
            this.name = name;
            this.kind = kind;
        }

        boolean isEntity() {
            return !keys.isEmpty();
        }
    }

    /** One {@code @key} application; {@code resolvableGiven} when the subgraph spelled the argument out. */
    record Key(String fields, boolean resolvable, boolean resolvableGiven) {
    }

    /** A field of an object or interface type, or a field of an input type (then {@code defaultValue} may be set). */
    static final class Field {
        final String name;
        final String parent;
        String description;
        Type<?> type;
        Value<?> defaultValue;
        final Map<String, Field> arguments = new LinkedHashMap<>();
        boolean external;
        boolean shareable;
        String requires;
        String provides;
        String overrideFrom;
        String overrideLabel;
        final AppliedDirectives applied = new AppliedDirectives();

        Field(String parent, String name) {
            this.parent = parent;
            this.name = name;
        }

        String coordinate() {
            return parent + "." + name;
        }
    }

    /** A value of an enum type. */
    static final class EnumValue {
        final String name;
        String description;
        final AppliedDirectives applied = new AppliedDirectives();

        EnumValue(String name) {
            this.name = name;
        }
    }
}
