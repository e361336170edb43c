package io.streamplane.gateway.supergraph;

import graphql.language.Document;
import java.util.Set;

/** A document that parsed, passed the limits and validated, with the variables its {@code @skip/@include} read. */
public record PreparedDocument(Document document, Set<String> conditionVariables) {}
