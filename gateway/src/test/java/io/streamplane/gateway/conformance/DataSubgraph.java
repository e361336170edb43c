package io.streamplane.gateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.GraphQLScalarType;
import java.util.Locale;
import graphql.language.Directive;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A federation subgraph for tests, built from an SDL and JSON data with graphql-java: root fields read
 * {@code data.root}, {@code _entities} finds objects in {@code data.entities.<Type>} by the representation's key
 * fields and merges the representation in (so required fields are visible), and a value {@code {"$echo": [..]}}
 * answers with the named fields of the object, proving that {@code @requires} inputs arrived.
 */
final class DataSubgraph {

  private static final String FEDERATION = """
      scalar _Any
      directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
      directive @external on FIELD_DEFINITION | OBJECT
      directive @requires(fields: String!) on FIELD_DEFINITION
      directive @provides(fields: String!) on FIELD_DEFINITION
      directive @shareable repeatable on FIELD_DEFINITION | OBJECT
      directive @override(from: String!, label: String) on FIELD_DEFINITION
      directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
      directive @interfaceObject on OBJECT
      directive @extends on OBJECT | INTERFACE
      """;

  /** {@code _Any}: representations arrive as variables and are used as plain maps. */
  private static final GraphQLScalarType ANY = GraphQLScalarType.newScalar().name("_Any").coercing(new Coercing<Object, Object>() {
    @Override
    public Object serialize(Object value, GraphQLContext context, Locale locale) {
      return value;
    }

    @Override
    public Object parseValue(Object value, GraphQLContext context, Locale locale) {
      return value;
    }

    @Override
    public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
      throw new CoercingParseLiteralException("test subgraphs take representations as variables only");
    }
  }).build();

  private final GraphQL graphql;
  private final Map<String, Object> root;
  private final Map<String, List<Map<String, Object>>> entities;

  @SuppressWarnings("unchecked")
  DataSubgraph(String sdl, JsonNode data, ObjectMapper mapper) {
    Map<String, Object> all = data == null ? Map.of() : mapper.convertValue(data, Map.class);
    this.root = (Map<String, Object>) all.getOrDefault("root", Map.of());
    this.entities = (Map<String, List<Map<String, Object>>>) all.getOrDefault("entities", Map.of());
    TypeDefinitionRegistry registry = new SchemaParser().parse(FEDERATION + sdl);
    List<String> entityTypes = new ArrayList<>();
    registry.types().values().forEach(t -> {
      if (t instanceof ObjectTypeDefinition o && o.getDirectives().stream().map(Directive::getName).anyMatch("key"::equals)) {
        entityTypes.add(o.getName());
      }
    });
    registry.objectTypeExtensions().values().forEach(list -> list.forEach(o -> {
      if (o.getDirectives().stream().map(Directive::getName).anyMatch("key"::equals) && !entityTypes.contains(o.getName())) {
        entityTypes.add(o.getName());
      }
    }));
    StringBuilder extra = new StringBuilder();
    if (!entityTypes.isEmpty()) {
      extra.append("union _Entity = ").append(String.join(" | ", entityTypes)).append('\n');
      extra.append(registry.getType("Query").isPresent() ? "extend type Query" : "type Query")
          .append(" { _entities(representations: [_Any!]!): [_Entity]! }\n");
    }
    if (!extra.isEmpty()) {
      registry.merge(new SchemaParser().parse(extra.toString()));
    }
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, RuntimeWiring.newRuntimeWiring()
        .wiringFactory(new Wiring()).scalar(ANY).build());
    this.graphql = GraphQL.newGraphQL(schema).build();
  }

  Map<String, Object> execute(String query, String operationName, Map<String, Object> variables) {
    ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput(query).operationName(operationName)
        .variables(variables == null ? Map.of() : variables).build());
    return result.toSpecification();
  }

  private final class Wiring implements WiringFactory {
    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
      return byTypename();
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
      return byTypename();
    }

    @Override
    public boolean providesDataFetcher(FieldWiringEnvironment environment) {
      return true;
    }

    @Override
    public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
      String field = environment.getFieldDefinition().getName();
      boolean isRoot = environment.getParentType().getName().equals("Query") || environment.getParentType().getName().equals("Mutation");
      if (field.equals("_entities")) {
        return env -> {
          List<Map<String, Object>> reps = env.getArgument("representations");
          List<Object> out = new ArrayList<>();
          for (Map<String, Object> rep : reps) {
            out.add(findEntity(rep));
          }
          return out;
        };
      }
      return env -> {
        Map<String, Object> source = isRoot ? root : env.getSource();
        if (source == null) {
          return null;
        }
        Object value = source.containsKey(keyWithArgs(field, env.getArguments())) ? source.get(keyWithArgs(field, env.getArguments()))
            : source.get(field);
        if (value instanceof Map<?, ?> m && m.containsKey("$error")) {
          throw new RuntimeException(String.valueOf(m.get("$error")));
        }
        if (value instanceof Map<?, ?> m && m.containsKey("$echo")) {
          List<?> names = (List<?>) m.get("$echo");
          return names.stream().map(n -> n + "=" + source.get(String.valueOf(n))).collect(Collectors.joining(","));
        }
        return value;
      };
    }
  }

  private static String keyWithArgs(String field, Map<String, Object> arguments) {
    if (arguments.isEmpty()) {
      return field;
    }
    return field + "(" + new TreeMap<>(arguments).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(",")) + ")";
  }

  private Map<String, Object> findEntity(Map<String, Object> rep) {
    String type = String.valueOf(rep.get("__typename"));
    for (Map<String, Object> candidate : entities.getOrDefault(type, List.of())) {
      boolean matches = false;
      boolean conflicts = false;
      for (Map.Entry<String, Object> e : rep.entrySet()) {
        if (e.getKey().equals("__typename") || !candidate.containsKey(e.getKey())) {
          continue;
        }
        if (sameKeyValue(e.getValue(), candidate.get(e.getKey()))) {
          matches = true;
        } else {
          conflicts = true;
        }
      }
      if (matches && !conflicts) {
        Map<String, Object> merged = new LinkedHashMap<>(rep);
        merged.putAll(candidate);
        merged.put("__typename", candidate.getOrDefault("__typename", type));
        return merged;
      }
    }
    return null;
  }

  /** Scalars compare as text; a nested key object matches when each of its fields does. */
  private static boolean sameKeyValue(Object rep, Object candidate) {
    if (rep instanceof Map<?, ?> repObject) {
      if (!(candidate instanceof Map<?, ?> candidateObject)) {
        return false;
      }
      return repObject.entrySet().stream().allMatch(e -> e.getKey().equals("__typename")
          || sameKeyValue(e.getValue(), candidateObject.get(e.getKey())));
    }
    return String.valueOf(candidate).equals(String.valueOf(rep));
  }

  private static TypeResolver byTypename() {
    return env -> {
      Object source = env.getObject();
      Object typename = source instanceof Map<?, ?> m ? m.get("__typename") : null;
      GraphQLObjectType type = typename == null ? null : env.getSchema().getObjectType(String.valueOf(typename));
      if (type == null) {
        throw new IllegalStateException("test data object without a known __typename: " + source);
      }
      return type;
    };
  }
}
