package io.streamplane.federation.compose;

import java.util.List;

/** The merged supergraph elements that {@link SupergraphPrinter} prints; directives are already printed text. */
final class Merged {

    private Merged() {
    }

    record Type(TypeKind kind, String name, String description, List<String> interfaces, List<String> directives,
                List<Field> fields, List<String> unionMembers, List<EnumValue> values) {
    }

    /** A field, an argument or an input field ({@code defaultValue} is printed GraphQL or null). */
    record Field(String name, String description, List<Field> arguments, String type, String defaultValue,
                 List<String> directives) {
    }

    record EnumValue(String name, String description, List<String> directives) {
    }
}
