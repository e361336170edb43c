package io.streamplane.gateway.usage;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client operation as the schema registry counts it: the hash of its {@link OperationSignature} (so the same
 * operation with other literals, aliases, field order or whitespace is one operation), its name, and the schema
 * coordinates ({@code Type.field}) it reads. Computed once per document and operation; requests only bump a counter.
 */
public record OperationUsage(String operationHash, String operationName, Set<String> fields) {

  /** @param document a document that passed validation against {@code apiSchema} */
  public static OperationUsage of(String operationName, Document document, GraphQLSchema apiSchema) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(op -> operationName == null || operationName.equals(op.getName()))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no operation " + operationName));
    GraphQLCompositeType root = switch (operation.getOperation()) {
      case MUTATION -> apiSchema.getMutationType();
      case SUBSCRIPTION -> apiSchema.getSubscriptionType();
      default -> apiSchema.getQueryType();
    };
    Set<String> fields = new TreeSet<>();
    collect(operation.getSelectionSet(), root, apiSchema, fragments, fields, new HashSet<>());
    return new OperationUsage(hash(OperationSignature.of(document, operation)),
        operation.getName() == null ? "" : operation.getName(), Set.copyOf(fields));
  }

  private static void collect(SelectionSet selections, GraphQLCompositeType parent, GraphQLSchema schema,
      Map<String, FragmentDefinition> fragments, Set<String> fields, Set<String> visitedFragments) {
    if (selections == null || parent == null) {
      return;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field) {
        if (field.getName().startsWith("__") || !(parent instanceof GraphQLFieldsContainer container)) {
          continue;
        }
        GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
        if (definition == null) {
          continue;
        }
        fields.add(parent.getName() + "." + field.getName());
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        if (type instanceof GraphQLCompositeType composite) {
          collect(field.getSelectionSet(), composite, schema, fragments, fields, visitedFragments);
        }
      } else if (selection instanceof InlineFragment inline) {
        GraphQLCompositeType on = inline.getTypeCondition() == null ? parent
            : (GraphQLCompositeType) schema.getType(inline.getTypeCondition().getName());
        collect(inline.getSelectionSet(), on, schema, fragments, fields, visitedFragments);
      } else if (selection instanceof FragmentSpread spread && visitedFragments.add(spread.getName())) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        if (fragment != null) {
          collect(fragment.getSelectionSet(), (GraphQLCompositeType) schema.getType(
              fragment.getTypeCondition().getName()), schema, fragments, fields, visitedFragments);
        }
      }
    }
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
