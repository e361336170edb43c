package io.streamplane.federation.supergraph;

/** The GraphQL kind of a named type, as declared in the supergraph or in one subgraph. */
public enum TypeKind {
  OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT, SCALAR;

  public boolean isAbstract() {
    return this == INTERFACE || this == UNION;
  }

  public boolean isComposite() {
    return this == OBJECT || this == INTERFACE || this == UNION;
  }
}
