package io.streamplane.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.streamplane.gateway.execute.ExecutionOutcome;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.execute.ResultShaper;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.plan.FieldSel;
import io.streamplane.gateway.plan.NormalizedOperation;
import io.streamplane.gateway.plan.OperationNormalizer;
import io.streamplane.gateway.plan.PlanningException;
import io.streamplane.gateway.plan.QueryPlan;
import io.streamplane.gateway.plan.Sel;
import io.streamplane.gateway.supergraph.LoadedSupergraph;
import io.streamplane.gateway.usage.UsageReporter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * From request to response: limits, parse, validate (cached per query text), coerce variables, plan (cached by
 * document, operation, {@code @skip/@include} values and override labels), execute, shape. Request errors never
 * carry {@code data}; nothing the client sends escapes as a stack trace.
 */
public final class RequestPipeline {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Supplier<LoadedSupergraph> current;
  private final PlanExecutor executor;
  private final RequestLimits limits;
  private final boolean introspection;
  private final ObjectMapper mapper;
  private final PersistedQueries persisted = new PersistedQueries();
  private final GatewayMetrics metrics;
  private final UsageReporter usage;

  public RequestPipeline(Supplier<LoadedSupergraph> current, PlanExecutor executor, RequestLimits limits, GatewayMetrics metrics,
                         boolean introspection, ObjectMapper mapper) {
    this(current, executor, limits, metrics, introspection, mapper, null);
  }

  /** @param usage where executed operations are counted for the schema registry; null to count nothing */
  public RequestPipeline(Supplier<LoadedSupergraph> current, PlanExecutor executor, RequestLimits limits, GatewayMetrics metrics,
                         boolean introspection, ObjectMapper mapper, UsageReporter usage) {
    this.usage = usage;
    this.current = current;
    this.executor = executor;
    this.limits = limits;
    this.metrics = metrics;
    this.introspection = introspection;
    this.mapper = mapper;
  }

  public CompletableFuture<GatewayResponse> process(GraphQLRequest request) {
    try {
      return run(request, current.get());
    } catch (RequestError e) {
      ObjectNode body = e.body != null ? e.body : errorBody(e.getMessage(), e.code, e.locations);
      return CompletableFuture.completedFuture(new GatewayResponse(e.status, body));
    } catch (PlanningException e) {
      return CompletableFuture.completedFuture(new GatewayResponse(500, errorBody(e.getMessage(), "QUERY_PLANNING_FAILED", null)));
    }
  }

  private CompletableFuture<GatewayResponse> run(GraphQLRequest request, LoadedSupergraph sg) {
    String query = request.query();
    if ((query == null || query.isEmpty()) && request.persistedHash() != null) {
      query = persisted.find(request.persistedHash());
      if (query == null) {
        // 200 as other gateways answer it: clients treat this error as "send the text too", not as a failure
        throw new RequestError(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", null);
      }
    }
    if (query == null || query.isBlank()) {
      throw new RequestError(400, "GRAPHQL_PARSE_FAILED", "the request has no query", null);
    }
    if (query.length() > limits.maxDocumentChars()) {
      throw new RequestError(400, "DOCUMENT_TOO_LARGE", "the document has " + query.length()
          + " characters; the limit is " + limits.maxDocumentChars(), null);
    }
    if (request.query() != null && request.persistedHash() != null && !persisted.register(request.persistedHash(), query)) {
      throw new RequestError(400, "PERSISTED_QUERY_HASH_MISMATCH", "the sha256Hash of extensions.persistedQuery is not the hash of the query", null);
    }
    Document document = sg.cachedDocument(query);
    if (document == null) {
      document = parseAndValidate(query, sg);
      sg.cacheDocument(query, document);
    }
    OperationDefinition op = selectOperation(document, request.operationName());
    if (request.readOnly() && op.getOperation() != OperationDefinition.Operation.QUERY) {
      throw new RequestError(405, "METHOD_NOT_ALLOWED", "only queries may be sent with GET", null);
    }
    if (op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      throw new RequestError(400, "SUBSCRIPTIONS_UNSUPPORTED", "subscriptions are not supported over this endpoint", null);
    }
    Map<String, Object> variables = coerce(sg, op, request.variables());
    Set<String> labels = sg.activeLabels(request.enabledLabels());
    // @skip/@include stay in the plan as Condition nodes and subgraph directives: their values are not part of the key
    StringBuilder key = new StringBuilder(query.length() + 32).append(query).append('\u0000').append(op.getName());
    key.append('\u0000').append(labels);
    QueryPlan plan = sg.cachedPlan(key.toString());
    metrics.planCache(plan != null);
    if (plan == null) {
      NormalizedOperation normalized = OperationNormalizer.normalize(document, op);
      plan = sg.planner().plan(normalized, labels);
      sg.cachePlan(key.toString(), plan);
    }
    QueryPlan chosen = plan;
    if (usage != null) {
      usage.record(query, op.getName(), document, sg.supergraph().apiSchema());
    }
    ObjectNode introspected = introspect(sg, chosen.operation(), query, request, variables);
    CompletableFuture<ExecutionOutcome> execution = executor.execute(chosen, request.variables(), variables, request.subgraphHeaders());
    CompletableFuture<GatewayResponse> response = execution.thenApply(outcome -> {
      if (introspected != null) {
        outcome.data().setAll(introspected);
      }
      ObjectNode body = ResultShaper.shape(sg.supergraph().apiSchema(), chosen.operation(), variables, outcome);
      if (request.exposePlan()) {
        body.putObject("extensions").set("queryPlan", chosen.toJson(JSON));
      }
      return new GatewayResponse(200, body);
    });
    response.whenComplete((r, failure) -> {
      if (failure instanceof CancellationException) {
        execution.cancel(true); // the client went away: stop the subgraph calls
      }
    });
    return response;
  }

  private Document parseAndValidate(String query, LoadedSupergraph sg) {
    Document document;
    try {
      ParserOptions options = ParserOptions.getDefaultOperationParserOptions().transform(b -> b.maxTokens(limits.maxTokens()));
      document = Parser.parse(ParserEnvironment.newParserEnvironment().document(query).parserOptions(options).build());
    } catch (InvalidSyntaxException e) {
      throw new RequestError(400, "GRAPHQL_PARSE_FAILED", e.getMessage(), e.getLocation() == null ? null : List.of(e.getLocation()));
    } catch (RuntimeException e) {
      throw new RequestError(400, "GRAPHQL_PARSE_FAILED", e.getMessage(), null);
    }
    DocumentShape shape = DocumentShape.of(document);
    if (shape.depth() > limits.maxDepth()) {
      throw new RequestError(400, "MAX_DEPTH_EXCEEDED", "the operation is " + shape.depth()
          + " levels deep; the limit is " + limits.maxDepth(), null);
    }
    if (shape.fields() > limits.maxFields()) {
      throw new RequestError(400, "MAX_FIELDS_EXCEEDED", "the operation has " + (shape.fields() == Long.MAX_VALUE ? "too many"
          : Long.toString(shape.fields())) + " fields with its fragments expanded; the limit is " + limits.maxFields(), null);
    }
    if (shape.aliases() > limits.maxAliases()) {
      throw new RequestError(400, "MAX_ALIASES_EXCEEDED", "the document has " + shape.aliases()
          + " aliases; the limit is " + limits.maxAliases(), null);
    }
    List<ValidationError> errors = new Validator().validateDocument(sg.supergraph().apiSchema(), document, Locale.ENGLISH);
    if (!introspection) {
      if (query.contains("__schema") || query.contains("__type(")) {
        throw new RequestError(400, "INTROSPECTION_DISABLED", "introspection is disabled on this gateway", null);
      }
    }
    if (!errors.isEmpty()) {
      ObjectNode body = JSON.objectNode();
      ArrayNode arr = body.putArray("errors");
      for (ValidationError v : errors) {
        ObjectNode e = arr.addObject().put("message", v.getDescription() != null ? v.getDescription() : v.getMessage());
        addLocations(e, v.getLocations());
        e.putObject("extensions").put("code", "GRAPHQL_VALIDATION_FAILED");
      }
      throw new RequestError(400, body);
    }
    return document;
  }

  private static OperationDefinition selectOperation(Document document, String name) {
    List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
    if (name == null || name.isEmpty()) {
      if (ops.size() != 1) {
        throw new RequestError(400, "OPERATION_RESOLUTION_FAILURE", "the document has " + ops.size()
            + " operations; operationName must name one", null);
      }
      return ops.get(0);
    }
    return ops.stream().filter(o -> name.equals(o.getName())).findFirst().orElseThrow(() ->
        new RequestError(400, "OPERATION_RESOLUTION_FAILURE", "no operation named \"" + name + "\" in the document", null));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> coerce(LoadedSupergraph sg, OperationDefinition op, ObjectNode variables) {
    Map<String, Object> raw = variables == null ? Map.of() : mapper.convertValue(variables, Map.class);
    try {
      CoercedVariables coerced = ValuesResolver.coerceVariableValues(sg.supergraph().apiSchema(), op.getVariableDefinitions(),
          RawVariables.of(raw), GraphQLContext.getDefault(), Locale.ENGLISH);
      Map<String, Object> values = coerced.toMap();
      for (VariableDefinition def : op.getVariableDefinitions()) {
        GraphQLType type = schemaType(sg.supergraph().apiSchema(), def.getType());
        if (type instanceof GraphQLInputType input && !validIds(input, raw.get(def.getName()))) {
          throw new RequestError(400, "BAD_USER_INPUT", "Variable '" + def.getName()
              + "' has an invalid value: an ID must be a string or an integer", List.of(def.getSourceLocation()));
        }
      }
      return values;
    } catch (RuntimeException e) {
      if (e instanceof RequestError r) {
        throw r;
      }
      List<SourceLocation> locations = e instanceof GraphQLError ge ? ge.getLocations() : null;
      throw new RequestError(400, "BAD_USER_INPUT", e.getMessage(), locations);
    }
  }

  private static GraphQLType schemaType(GraphQLSchema schema, Type<?> ast) {
    if (ast instanceof NonNullType nn) {
      GraphQLType inner = schemaType(schema, nn.getType());
      return inner == null ? null : GraphQLNonNull.nonNull(inner);
    }
    if (ast instanceof ListType list) {
      GraphQLType inner = schemaType(schema, list.getType());
      return inner == null ? null : GraphQLList.list(inner);
    }
    return schema.getType(((TypeName) ast).getName());
  }

  /**
   * graphql-java's variable coercion turns any JSON value into an {@code ID} string, while the subgraphs receive the
   * client's JSON as sent; the spec allows strings and integers only, so anything else is refused here.
   */
  private static boolean validIds(GraphQLInputType type, Object value) {
    if (value == null) {
      return true;
    }
    GraphQLType unwrapped = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
    if (unwrapped instanceof GraphQLList list) {
      GraphQLInputType item = (GraphQLInputType) list.getWrappedType();
      // a single value where a list is expected counts as a list of one (input coercion)
      return value instanceof List<?> items ? items.stream().allMatch(v -> validIds(item, v)) : validIds(item, value);
    }
    if (unwrapped instanceof GraphQLScalarType scalar && scalar.getName().equals("ID")) {
      return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
    }
    if (unwrapped instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
      return object.getFieldDefinitions().stream().allMatch(f -> validIds(f.getType(), fields.get(f.getName())));
    }
    return true;
  }

  /** Answers {@code __schema}/{@code __type} at the root from the API schema; the subgraphs never see introspection. */
  private ObjectNode introspect(LoadedSupergraph sg, NormalizedOperation op, String query, GraphQLRequest request,
                                Map<String, Object> variables) {
    boolean asks = false;
    for (Sel s : op.selections()) {
      if (s instanceof FieldSel f && (f.name().equals("__schema") || f.name().equals("__type"))) {
        asks = true;
      }
    }
    if (!asks) {
      return null;
    }
    ExecutionResult result = GraphQL.newGraphQL(sg.supergraph().apiSchema()).build().execute(ExecutionInput.newExecutionInput(query)
        .operationName(request.operationName()).variables(variables).build());
    JsonNode data = mapper.valueToTree(result.getData());
    ObjectNode out = JSON.objectNode();
    for (Sel s : op.selections()) {
      if (s instanceof FieldSel f && (f.name().equals("__schema") || f.name().equals("__type")) && data != null) {
        out.set(f.responseKey(), data.get(f.responseKey()));
      }
    }
    return out;
  }

  private static void addLocations(ObjectNode error, List<SourceLocation> locations) {
    if (locations != null && !locations.isEmpty()) {
      ArrayNode arr = error.putArray("locations");
      locations.forEach(l -> arr.addObject().put("line", l.getLine()).put("column", l.getColumn()));
    }
  }

  static ObjectNode errorBody(String message, String code, List<SourceLocation> locations) {
    ObjectNode body = JSON.objectNode();
    ObjectNode e = body.putArray("errors").addObject().put("message", message);
    addLocations(e, locations);
    e.putObject("extensions").put("code", code);
    return body;
  }

  /** A request that fails before execution: answered with errors only. */
  private static final class RequestError extends RuntimeException {
    final int status;
    final String code;
    final List<SourceLocation> locations;
    final ObjectNode body;

    RequestError(int status, String code, String message, List<SourceLocation> locations) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.locations = locations;
      this.body = null;
    }

    RequestError(int status, ObjectNode body) {
      super("validation failed", null, false, false);
      this.status = status;
      this.code = null;
      this.locations = null;
      this.body = body;
    }
  }
}
