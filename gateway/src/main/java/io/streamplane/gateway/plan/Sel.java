package io.streamplane.gateway.plan;

/** One element of a normalized selection set: a field or a type-conditioned group; named fragments are inlined. */
public sealed interface Sel permits FieldSel, FragmentSel {}
