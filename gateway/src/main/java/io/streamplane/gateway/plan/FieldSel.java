package io.streamplane.gateway.plan;

import graphql.language.Argument;
import java.util.List;

/** A field of the client operation after {@code @skip/@include} evaluation; empty {@code selections} means a leaf. */
public record FieldSel(String responseKey, String name, List<Argument> arguments, List<Sel> selections) implements Sel {}
