package io.streamplane.federation.querygraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.federation.compose.CompositionError;
import io.streamplane.federation.compose.CompositionResult;
import io.streamplane.federation.compose.Composer;
import io.streamplane.federation.compose.ErrorCode;
import io.streamplane.federation.compose.SubgraphSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a satisfiability failure tells a reviewer, and the cases where a path has several ways forward. The corpus
 * ({@code src/test/resources/compose/satisfiability-*}) holds the classic satisfiable and unsatisfiable federations,
 * checked against Apollo's composition during development.
 */
class SatisfiabilityTest {
  private static final String LINK = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.9\", import: "
      + "[\"@key\", \"@shareable\", \"@external\", \"@requires\", \"@provides\", \"@inaccessible\"])\n";

  @Test
  void failureNamesTheFieldShowsAQueryAndExplainsEverySubgraph() {
    CompositionResult result = compose(
        new SubgraphSource("catalog", "http://catalog/graphql", LINK
            + "type Query { title(id: ID!, first: Int): Title }\n"
            + "type Title @key(fields: \"id\") { id: ID! name: String }"),
        new SubgraphSource("reviews", "http://reviews/graphql", LINK
            + "type Query { count: Int }\n"
            + "type Title @key(fields: \"id\", resolvable: false) { id: ID! rating: Float }"));
    CompositionError error = result.errors().get(0);
    assertEquals(1, result.errors().size(), () -> result.errors().toString());
    assertEquals(ErrorCode.SATISFIABILITY_ERROR, error.code());
    assertEquals("Title.rating", error.coordinate());
    assertEquals("""
        The following supergraph API query:
        {
          title(id: "<any id>") {
            rating
          }
        }
        cannot be satisfied by the subgraphs because:
        - from subgraph "catalog":
          - cannot find field "Title.rating".
          - cannot move to subgraph "reviews", which has field "Title.rating", because none of the @key defined \
        on type "Title" in subgraph "reviews" are resolvable (they are all declared with their "resolvable" argument \
        set to false).""", error.message());
  }

  @Test
  void aPathNeedsOnlyOneSubgraphThatCanContinue() {
    // t is resolved by both; x only by a and there is no key, but a plan for { t { x } } simply starts in a
    CompositionResult result = compose(
        new SubgraphSource("a", "http://a/graphql", LINK
            + "type Query { t: T @shareable }\ntype T @shareable { id: ID x: Int }"),
        new SubgraphSource("b", "http://b/graphql", LINK
            + "type Query { t: T @shareable }\ntype T @shareable { id: ID y: Int @inaccessible }"));
    assertTrue(result.succeeded(), () -> result.errors().toString());
  }

  @Test
  void keyFieldsCanBeCollectedAcrossSubgraphsBeforeAJump() {
    // the key of Delivery in shipping needs region, which only accounts resolves: catalog -> accounts -> shipping
    CompositionResult result = compose(
        new SubgraphSource("catalog", "http://catalog/graphql", LINK
            + "type Query { delivery: Delivery }\ntype Delivery @key(fields: \"id\") { id: ID! }"),
        new SubgraphSource("accounts", "http://accounts/graphql", LINK
            + "type Delivery @key(fields: \"id\") { id: ID! region: String! @shareable }"),
        new SubgraphSource("shipping", "http://shipping/graphql", LINK
            + "type Delivery @key(fields: \"region\") { region: String! @shareable eta: Int }"));
    assertTrue(result.succeeded(), () -> result.errors().toString());
  }

  @Test
  void aKeyThatCannotBeCollectedIsExplained() {
    CompositionResult result = compose(
        new SubgraphSource("catalog", "http://catalog/graphql", LINK
            + "type Query { delivery: Delivery }\ntype Delivery @key(fields: \"id\") { id: ID! }"),
        new SubgraphSource("shipping", "http://shipping/graphql", LINK
            + "type Query { regions: [String] }\n"
            + "type Delivery @key(fields: \"region\") { region: String! eta: Int }"));
    List<String> coordinates = result.errors().stream().map(CompositionError::coordinate).sorted().toList();
    assertEquals(List.of("Delivery.eta", "Delivery.region"), coordinates, () -> result.errors().toString());
    assertTrue(result.errors().get(0).message().contains("cannot move to subgraph \"shipping\" using @key(fields: "
        + "\"region\") of \"Delivery\", the key field(s) cannot be resolved from subgraph \"catalog\"."), result.errors().get(0).message());
  }

  private static CompositionResult compose(SubgraphSource... sources) {
    return Composer.compose(List.of(sources));
  }
}
