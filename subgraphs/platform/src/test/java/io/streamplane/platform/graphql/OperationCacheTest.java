package io.streamplane.platform.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.ExecutionInput;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OperationCacheTest {
  private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
      new SchemaParser().parse("type Query { hello(name: String): String }"),
      RuntimeWiring.newRuntimeWiring()
          .type("Query", t -> t.dataFetcher("hello", env -> "hi " + env.getArgument("name"))).build());

  @Test
  void anOperationIsParsedOnceWhateverItsVariables() {
    OperationCache cache = new OperationCache(100, Duration.ofMinutes(1));
    AtomicInteger parses = new AtomicInteger();
    GraphQL graphql = GraphQL.newGraphQL(SCHEMA).preparsedDocumentProvider((input, parse) -> cache.getDocumentAsync(
        input, i -> {
          parses.incrementAndGet();
          return parse.apply(i);
        })).build();
    String query = "query Hello($name: String) { hello(name: $name) }";
    for (String name : new String[] {"a", "b", "c"}) {
      ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput(query)
          .variables(Map.of("name", name)).build());
      assertEquals(Map.of("hello", "hi " + name), result.getData());
    }
    assertEquals(1, parses.get());
    graphql.execute("{ hello(name: \"d\") }");
    assertEquals(2, parses.get(), "another text is parsed on its own");
  }

  @Test
  void anInvalidOperationKeepsItsErrors() {
    OperationCache cache = new OperationCache(100, Duration.ofMinutes(1));
    GraphQL graphql = GraphQL.newGraphQL(SCHEMA).preparsedDocumentProvider(cache).build();
    for (int i = 0; i < 2; i++) {
      ExecutionResult result = graphql.execute("{ goodbye }");
      assertEquals(1, result.getErrors().size());
      assertTrue(result.getErrors().get(0).getMessage().contains("goodbye"), result.getErrors().toString());
    }
  }
}
