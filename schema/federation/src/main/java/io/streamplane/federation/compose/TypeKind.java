package io.streamplane.federation.compose;

/** The kinds of named types a subgraph or supergraph defines, with their SDL keyword. */
enum TypeKind {
    OBJECT("type"), INTERFACE("interface"), UNION("union"), ENUM("enum"), INPUT_OBJECT("input"), SCALAR("scalar");

    final String keyword;

    TypeKind(String keyword) {
        this.keyword = keyword;
    }

    boolean isComposite() {
        return this == OBJECT || this == INTERFACE || this == UNION;
    }

    boolean hasFields() {
        return this == OBJECT || this == INTERFACE || this == INPUT_OBJECT;
    }
}
