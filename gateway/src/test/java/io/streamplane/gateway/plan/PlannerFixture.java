package io.streamplane.gateway.plan;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.streamplane.federation.querygraph.QueryGraph;
import io.streamplane.federation.supergraph.SupergraphReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Plans test operations over a supergraph from the test resources. */
final class PlannerFixture {

  private final QueryPlanner planner;

  PlannerFixture(String supergraphResource) {
    this.planner = new QueryPlanner(new QueryGraph(SupergraphReader.read(resource(supergraphResource))));
  }

  QueryPlan plan(String query) {
    return plan(query, Set.of());
  }

  QueryPlan plan(String query, Set<String> overrideLabels) {
    Document doc = Parser.parse(query);
    OperationDefinition op = doc.getDefinitionsOfType(OperationDefinition.class).get(0);
    return planner.plan(OperationNormalizer.normalize(doc, op), overrideLabels);
  }

  static String resource(String name) {
    try (InputStream in = PlannerFixture.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
