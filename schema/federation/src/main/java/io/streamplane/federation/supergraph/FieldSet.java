package io.streamplane.federation.supergraph;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.parser.Parser;

/** A federation field set ({@code @key(fields:)}, {@code @requires}, {@code @provides}): its text and its parsed selections. */
public record FieldSet(String text, SelectionSet selections) {

  public static FieldSet parse(String text) {
    try {
      Document doc = Parser.parse("{" + text + "}");
      OperationDefinition op = (OperationDefinition) doc.getDefinitions().get(0);
      return new FieldSet(text, op.getSelectionSet());
    } catch (RuntimeException e) {
      throw new SupergraphException("INVALID_FIELD_SET", "cannot parse field set \"" + text + "\": " + e.getMessage());
    }
  }
}
