package io.streamplane.gateway.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {

  private final PlannerFixture bench = new PlannerFixture("supergraphs/gwbench.graphql");

  @Test
  void benchmarkQueryNeedsNoMoreFetchesThanHivesPlanner() {
    QueryPlan plan = bench.plan(PlannerFixture.resource("supergraphs/gwbench-query.graphql"));
    assertEquals(7, plan.fetches(), plan.toJson(JsonNodeFactory.instance).toPrettyString());
    assertEquals(4, plan.stages());
  }

  @Test
  void rootFieldsOfTwoSubgraphsRunInParallel() {
    QueryPlan plan = bench.plan("{ users { id } topProducts { upc } }");
    assertEquals(2, plan.fetches());
    assertEquals(1, plan.stages());
    assertInstanceOf(ParallelNode.class, plan.node());
  }

  @Test
  void fieldsOfOneSubgraphStayInOneFetch() {
    QueryPlan plan = bench.plan("{ topProducts { upc name price } }");
    assertEquals(1, plan.fetches());
    FetchNode fetch = (FetchNode) plan.node();
    assertEquals("products", fetch.serviceName());
    assertEquals("query{topProducts{upc name price}}", fetch.operation());
  }

  @Test
  void entityJumpFetchesTheKeyUnderAReservedAlias() {
    QueryPlan plan = bench.plan("{ topProducts { name reviews { body } } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertTrue(fetches.get(0).operation().contains("__sp_k_upc:upc"), fetches.get(0).operation());
    FetchNode reviews = fetches.get(1);
    assertEquals("reviews", reviews.serviceName());
    assertEquals("query($representations:[_Any!]!){_entities(representations:$representations){...on Product{reviews{body}}}}",
        reviews.operation());
    assertEquals("upc", reviews.representations().get("Product").keyFields().get(0).name());
  }

  @Test
  void providedFieldsSaveAFetch() {
    assertEquals(2, bench.plan("{ topProducts { reviews { author { username } } } }").fetches());
    assertEquals(3, bench.plan("{ topProducts { reviews { author { name } } } }").fetches());
  }

  @Test
  void requiredFieldsAreFetchedFirstAndSentInTheRepresentation() {
    QueryPlan plan = bench.plan("{ topProducts { shippingEstimate } }");
    assertEquals(2, plan.fetches());
    List<FetchNode> fetches = fetches(plan.node());
    assertTrue(fetches.get(0).operation().contains("__sp_r_price:price"), fetches.get(0).operation());
    RepShape shape = fetches.get(1).representations().get("Product");
    assertEquals(List.of("price", "weight"), shape.requiredFields().stream().map(RepField::name).toList());
  }

  @Test
  void requiresAfterAnEntityJumpAddsAStage() {
    QueryPlan plan = bench.plan("{ users { reviews { product { shippingEstimate } } } }");
    // accounts -> reviews -> products (price, weight) -> inventory
    assertEquals(4, plan.fetches());
    assertEquals(4, plan.stages());
  }

  @Test
  void variablesGoOnlyToTheFetchesThatUseThem() {
    QueryPlan plan = bench.plan("query Q($n: Int, $id: ID!) { topProducts(first: $n) { inStock } user(id: $id) { name } }");
    for (FetchNode f : fetches(plan.node())) {
      switch (f.serviceName()) {
        case "products" -> assertEquals(List.of("n"), f.variableUsages());
        case "accounts" -> assertEquals(List.of("id"), f.variableUsages());
        default -> assertEquals(List.of(), f.variableUsages());
      }
    }
    assertTrue(fetches(plan.node()).stream().anyMatch(f -> f.operation().startsWith("query Q__products__")));
  }

  @Test
  void clientAliasEqualToAKeyNameDoesNotCollide() {
    QueryPlan plan = bench.plan("{ topProducts { upc: name inStock } }");
    String root = fetches(plan.node()).get(0).operation();
    assertTrue(root.contains("upc:name"), root);
    assertTrue(root.contains("__sp_k_upc:upc"), root);
  }

  @Test
  void anEntityFetchUnderOneIncludeVariableIsAConditionNode() {
    QueryPlan plan = bench.plan("query($withStock: Boolean!) { topProducts { name inStock @include(if: $withStock) } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    SequenceNode sequence = assertInstanceOf(SequenceNode.class, plan.node());
    ConditionNode condition = assertInstanceOf(ConditionNode.class, sequence.nodes().get(1));
    assertEquals("withStock", condition.condition());
    assertInstanceOf(FlattenNode.class, condition.ifClause());
    assertEquals(null, condition.elseClause());
    assertEquals("Condition", plan.toJson(JsonNodeFactory.instance).at("/node/nodes/1/kind").asText());
    // the root fetch does not depend on the variable and does not receive it
    assertEquals(List.of(), ((FetchNode) sequence.nodes().get(0)).variableUsages());
  }

  @Test
  void aSkippedFieldInsideAFetchTravelsWithItsDirectiveAndVariable() {
    QueryPlan plan = bench.plan("query Q($brief: Boolean = false) { topProducts { name price @skip(if: $brief) } }");
    assertEquals(1, plan.fetches());
    FetchNode fetch = assertInstanceOf(FetchNode.class, plan.node());
    assertEquals("query Q__products__0($brief:Boolean=false){topProducts{name price @skip(if:$brief)}}", fetch.operation());
    assertEquals(List.of("brief"), fetch.variableUsages());
  }

  @Test
  void aRootFieldUnderSkipIsAnElseClause() {
    QueryPlan plan = bench.plan("query($noUsers: Boolean!) { users @skip(if: $noUsers) { id } topProducts { upc } }");
    ParallelNode parallel = assertInstanceOf(ParallelNode.class, plan.node());
    ConditionNode users = parallel.nodes().stream().filter(ConditionNode.class::isInstance).map(ConditionNode.class::cast)
        .findFirst().orElseThrow();
    assertEquals(null, users.ifClause());
    assertEquals("accounts", assertInstanceOf(FetchNode.class, users.elseClause()).serviceName());
  }

  @Test
  void aFetchAlsoNeededOutsideTheConditionRunsAlways() {
    QueryPlan plan = bench.plan("query($v: Boolean!) { topProducts { inStock @include(if: $v) shippingEstimate } }");
    assertEquals(2, plan.fetches());
    assertTrue(fetches(plan.node()).get(1).operation().contains("inStock @include(if:$v)"), fetches(plan.node()).get(1).operation());
    assertFalse(plan.toJson(JsonNodeFactory.instance).toString().contains("\"kind\":\"Condition\""), plan.toJson(JsonNodeFactory.instance).toPrettyString());
  }

  @Test
  void namedAndInlineFragmentsArePlannedLikeFields() {
    QueryPlan plan = bench.plan("query { topProducts { ...P ... on Product { inStock } } } fragment P on Product { name }");
    assertEquals(2, plan.fetches());
  }

  @Test
  void typenameAloneNeedsNoFetch() {
    QueryPlan plan = bench.plan("{ __typename }");
    assertEquals(0, plan.fetches());
    assertFalse(plan.toJson(JsonNodeFactory.instance).has("node"));
  }

  @Test
  void chainedRequiresThroughANestedKeyTakeOneStageEach() {
    PlannerFixture orders = new PlannerFixture("conformance/requires-and-nested-keys/supergraph.graphql");
    QueryPlan plan = orders.plan("{ orders { items { insured } } }");
    assertEquals(3, plan.fetches());
    assertEquals(3, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertEquals(List.of("orders", "shipping", "insurance"), fetches.stream().map(FetchNode::serviceName).toList());
    String root = fetches.get(0).operation();
    assertTrue(root.contains("__sp_k_order:order{id}"), root);
    assertTrue(root.contains("__sp_r_weight:weight(unit:KG)"), root);
    assertEquals(List.of("id"), fetches.get(1).representations().get("Item").keyFields().stream()
        .filter(k -> k.name().equals("order")).findFirst().orElseThrow().children().stream().map(RepField::name).toList());
    assertEquals(List.of("shippingCost"), fetches.get(2).representations().get("Item").requiredFields().stream().map(RepField::name).toList());
  }

  @Test
  void aRequiredFieldWithOtherArgumentsThanTheClientsTravelsSeparately() {
    PlannerFixture orders = new PlannerFixture("conformance/requires-and-nested-keys/supergraph.graphql");
    QueryPlan plan = orders.plan("{ orders { items { weight(unit: LB) shippingCost } } }");
    assertEquals(2, plan.fetches());
    String root = fetches(plan.node()).get(0).operation();
    assertTrue(root.contains("weight:weight(unit:LB)") || root.contains(" weight(unit:LB)") || root.contains("{weight(unit:LB)"), root);
    assertTrue(root.contains("__sp_r_weight:weight(unit:KG)"), root);
  }

  @Test
  void entityFetchesOfOneSubgraphAtTwoPathsBecomeOneFetch() {
    PlannerFixture orders = new PlannerFixture("conformance/requires-and-nested-keys/supergraph.graphql");
    QueryPlan plan = orders.plan("{ orders { customer { name } items { order { customer { name } } } } }");
    List<FetchNode> accounts = fetches(plan.node()).stream().filter(f -> f.serviceName().equals("accounts")).toList();
    assertEquals(1, accounts.size(), plan.toJson(JsonNodeFactory.instance).toPrettyString());
  }

  @Test
  void progressiveOverrideLabelsChooseTheOwner() {
    PlannerFixture packages = new PlannerFixture("conformance/keys-and-ownership/supergraph.graphql");
    String query = "{ featured { volume } }";
    assertEquals(List.of("d", "a"), fetches(packages.plan(query).node()).stream().map(FetchNode::serviceName).toList());
    assertEquals(List.of("d", "c"), fetches(packages.plan(query, Set.of("use-c")).node()).stream()
        .map(FetchNode::serviceName).toList());
  }

  @Test
  void mutationFieldsRunInSequenceAndAdjacentOnesShareAFetch() {
    PlannerFixture counters = new PlannerFixture("conformance/mutations/supergraph.graphql");
    QueryPlan interleaved = counters.plan("mutation { a: addLeft(value: 1) b: addRight(value: 2) c: addLeft(value: 3) }");
    assertInstanceOf(SequenceNode.class, interleaved.node());
    assertEquals(3, interleaved.fetches());
    assertEquals(3, interleaved.stages());
    QueryPlan adjacent = counters.plan("mutation { a: addLeft(value: 1) b: addLeft(value: 3) c: addRight(value: 2) }");
    assertEquals(2, adjacent.fetches());
    assertEquals(List.of("left", "right"), fetches(adjacent.node()).stream().map(FetchNode::serviceName).toList());
  }

  @Test
  void unionMembersOfTwoSubgraphsAreFetchedInParallelAfterTheRoot() {
    PlannerFixture search = new PlannerFixture("conformance/abstract-types/supergraph.graphql");
    QueryPlan plan = search.plan("{ search(term: \"x\") { __typename ... on Movie { title runtime } ... on Show { title seasons } } }");
    assertEquals(2, plan.stages(), plan.toJson(JsonNodeFactory.instance).toPrettyString());
    String root = fetches(plan.node()).get(0).operation();
    assertTrue(root.contains("...on Movie") && root.contains("...on Show"), root);
  }

  @Test
  void requiresIntoAUnionJumpsForTheMembersFieldsAndKeepsTheirTypenames() {
    PlannerFixture credits = new PlannerFixture("conformance/requires-abstract/supergraph.graphql");
    QueryPlan plan = credits.plan("{ titles { starPower } }");
    assertEquals(3, plan.fetches());
    assertEquals(3, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertEquals(List.of("catalog", "people", "ratings"), fetches.stream().map(FetchNode::serviceName).toList());
    RepField cast = fetches.get(2).representations().get("Title").requiredFields().get(0);
    assertEquals("cast", cast.name());
    assertEquals(List.of("__typename", "name"), cast.children().stream().map(RepField::name).toList());
  }

  @Test
  void aKeylessValueTypeSplitAcrossSubgraphsIsCompletedThroughTheParentsKey() {
    PlannerFixture titles = new PlannerFixture("conformance/value-types-across-subgraphs/supergraph.graphql");
    QueryPlan plan = titles.plan("{ title(id: \"1\") { artwork { url width height } } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertTrue(fetches.get(0).operation().contains("artwork{url width}"), fetches.get(0).operation());
    assertTrue(fetches.get(1).operation().endsWith("{...on Title{artwork{height}}}}"), fetches.get(1).operation());
  }

  private final PlannerFixture provided = new PlannerFixture("conformance/provides-and-root-values/supergraph.graphql");

  @Test
  void nestedProvidesKeepsTheWholeSelectionInOneFetch() {
    QueryPlan plan = provided.plan("{ latestReviews { stars film { title studio { name } } } }");
    assertEquals(1, plan.fetches());
    assertEquals(1, plan.stages());
  }

  @Test
  void aFieldBelowANestedProvidesJumpsFromTheProvidedEntity() {
    QueryPlan plan = provided.plan("{ latestReviews { film { title studio { name founded } } } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertEquals(List.of("catalog", "studios"), fetches.stream().map(FetchNode::serviceName).toList());
    assertTrue(fetches.get(1).operation().endsWith("{...on Studio{founded}}}"), fetches.get(1).operation());
  }

  @Test
  void providesOnAnInterfaceFieldSavesTheFetch() {
    assertEquals(1, provided.plan("{ featured { id title } }").fetches());
    QueryPlan plan = provided.plan("{ featured { title ... on Film { runtime } } }");
    assertEquals(2, plan.fetches());
    assertFalse(fetches(plan.node()).get(1).operation().contains("title"), fetches(plan.node()).get(1).operation());
  }

  @Test
  void providesOnAUnionMemberSavesTheFetchForThatMemberOnly() {
    QueryPlan plan = provided.plan("{ picks { ... on Film { title } ... on Series { title } } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    FetchNode films = fetches(plan.node()).get(1);
    assertEquals(Set.of("Series"), films.representations().keySet());
  }

  @Test
  void aValueTypeSplitUnderARootFieldIsFetchedFromBothOwnersInParallel() {
    QueryPlan plan = provided.plan("{ settings { language region } }");
    assertEquals(2, plan.fetches());
    assertEquals(1, plan.stages());
    ParallelNode parallel = assertInstanceOf(ParallelNode.class, plan.node());
    assertEquals(Set.of("catalog", "films"), parallel.nodes().stream().map(n -> ((FetchNode) n).serviceName())
        .collect(java.util.stream.Collectors.toSet()));
  }

  private final PlannerFixture media = new PlannerFixture("conformance/requires-through-interfaces/supergraph.graphql");

  @Test
  void requiresOnAnInterfaceFieldIsOneEntityFetchWithARepresentationShapePerImplementation() {
    QueryPlan plan = media.plan("{ shelf { title score } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    FetchNode scores = fetches(plan.node()).get(1);
    assertEquals("scores", scores.serviceName());
    assertEquals(List.of("runtime"), scores.representations().get("Film").requiredFields().stream().map(RepField::name).toList());
    assertEquals(List.of("episodes"), scores.representations().get("Series").requiredFields().stream().map(RepField::name).toList());
  }

  @Test
  void requiresWithFragmentsOnAnAbstractFieldKeepsTheTypenames() {
    QueryPlan plan = media.plan("{ bundle { price } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    RepField items = fetches(plan.node()).get(1).representations().get("Bundle").requiredFields().get(0);
    assertEquals("items", items.name());
    assertEquals(List.of("__typename", "runtime", "episodes"), items.children().stream().map(RepField::name).toList());
  }

  @Test
  void valuesOfANonResolvableInterfaceObjectGetTheirTypenameFromTheInterfacesOwner() {
    PlannerFixture nodes = new PlannerFixture("conformance/interface-object/supergraph.graphql");
    QueryPlan plan = nodes.plan("{ trending { trendScore ... on Title { name } } }");
    assertEquals(2, plan.fetches());
    assertEquals(2, plan.stages());
    List<FetchNode> fetches = fetches(plan.node());
    assertEquals(List.of("trending", "catalog"), fetches.stream().map(FetchNode::serviceName).toList());
    assertEquals(Set.of("Node"), fetches.get(1).representations().keySet());
    assertTrue(fetches.get(1).operation().contains("...on Node{__typename ...on Title{name}"), fetches.get(1).operation());
    assertFalse(fetches.get(0).operation().contains("{name") || fetches.get(0).operation().contains(" name"), fetches.get(0).operation());
  }

  static List<FetchNode> fetches(PlanNode node) {
    List<FetchNode> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(PlanNode node, List<FetchNode> out) {
    if (node instanceof FetchNode f) {
      out.add(f);
    } else if (node instanceof FlattenNode f) {
      out.add(f.node());
    } else if (node instanceof SequenceNode s) {
      s.nodes().forEach(n -> collect(n, out));
    } else if (node instanceof ParallelNode p) {
      p.nodes().forEach(n -> collect(n, out));
    } else if (node instanceof ConditionNode c) {
      if (c.ifClause() != null) {
        collect(c.ifClause(), out);
      }
      if (c.elseClause() != null) {
        collect(c.elseClause(), out);
      }
    }
  }
}
