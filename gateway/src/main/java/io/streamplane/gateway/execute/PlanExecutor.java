package io.streamplane.gateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplane.gateway.plan.ConditionNode;
import io.streamplane.gateway.plan.FetchNode;
import io.streamplane.gateway.plan.FlattenNode;
import io.streamplane.gateway.plan.ParallelNode;
import io.streamplane.gateway.plan.PlanNode;
import io.streamplane.gateway.plan.QueryPlan;
import io.streamplane.gateway.plan.RepField;
import io.streamplane.gateway.plan.RepShape;
import io.streamplane.gateway.plan.SequenceNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a plan over one JSON tree: root fetches merge at the top, entity fetches build de-duplicated representations
 * from the objects at their paths and merge {@code _entities} back into every object that produced the representation.
 * A failing fetch only adds errors; what depends on it finds no representations and is skipped. Cancelling the
 * returned future (the client went away) cancels the subgraph calls in flight and starts no new ones; identical
 * query fetches in flight at the same time within one request are sent once.
 */
public final class PlanExecutor {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final SubgraphCaller caller;

  public PlanExecutor(SubgraphCaller caller) {
    this.caller = caller;
  }

  /**
   * @param variables the client's variables as sent (forwarded to subgraphs)
   * @param values the coerced variables with defaults applied (decide Condition nodes)
   */
  public CompletableFuture<ExecutionOutcome> execute(QueryPlan plan, ObjectNode variables, Map<String, Object> values,
                                                     Map<String, String> headers) {
    Run run = new Run(variables, values, headers);
    if (plan.node() == null) {
      return CompletableFuture.completedFuture(run.outcome());
    }
    CompletableFuture<ExecutionOutcome> outcome = run.exec(plan.node()).thenApply(v -> run.outcome());
    outcome.whenComplete((o, failure) -> {
      if (failure instanceof CancellationException) {
        run.cancel();
      }
    });
    return outcome;
  }

  /** A subgraph request in flight, shared by identical fetches of the same request. */
  private record Pending(String service, ObjectNode body, CompletableFuture<ObjectNode> response) {}

  private final class Run {
    final ObjectNode variables;
    final Map<String, Object> values;
    final Map<String, String> headers;
    final ObjectNode data = JSON.objectNode();
    final List<ObjectNode> errors = Collections.synchronizedList(new ArrayList<>());
    /** Query fetches in flight by operation text (the plan's string: its hash is computed once). Guarded by this. */
    final Map<String, List<Pending>> pending = new HashMap<>();
    final Set<CompletableFuture<ObjectNode>> calls = ConcurrentHashMap.newKeySet();
    volatile boolean cancelled;

    Run(ObjectNode variables, Map<String, Object> values, Map<String, String> headers) {
      this.variables = variables;
      this.values = values;
      this.headers = headers;
    }

    ExecutionOutcome outcome() {
      synchronized (this) {
        return new ExecutionOutcome(data, List.copyOf(errors));
      }
    }

    CompletableFuture<Void> exec(PlanNode node) {
      if (node instanceof SequenceNode s) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (PlanNode child : s.nodes()) {
          chain = chain.thenCompose(v -> exec(child));
        }
        return chain;
      }
      if (node instanceof ParallelNode p) {
        return CompletableFuture.allOf(p.nodes().stream().map(this::exec).toArray(CompletableFuture[]::new));
      }
      if (node instanceof FlattenNode f) {
        return entityFetch(f);
      }
      if (node instanceof ConditionNode c) {
        PlanNode chosen = Boolean.TRUE.equals(values.get(c.condition())) ? c.ifClause() : c.elseClause();
        return chosen == null ? CompletableFuture.completedFuture(null) : exec(chosen);
      }
      return rootFetch((FetchNode) node);
    }

    private ObjectNode request(FetchNode fetch) {
      ObjectNode body = JSON.objectNode().put("query", fetch.operation());
      if (fetch.operationName() != null) {
        body.put("operationName", fetch.operationName());
      }
      ObjectNode vars = body.putObject("variables");
      for (String name : fetch.variableUsages()) {
        JsonNode v = variables == null ? null : variables.get(name);
        if (v != null) {
          vars.set(name, v);
        }
      }
      return body;
    }

    private CompletableFuture<Void> rootFetch(FetchNode fetch) {
      return call(fetch, request(fetch)).thenAccept(response -> {
        if (response == null) {
          return;
        }
        synchronized (this) {
          if (response.get("data") instanceof ObjectNode d) {
            deepMerge(data, d);
          }
          for (JsonNode e : response.path("errors")) {
            errors.add(subgraphError(e, fetch.serviceName(), e.get("path") instanceof ArrayNode p ? toList(p) : null));
          }
        }
      });
    }

    private CompletableFuture<Void> entityFetch(FlattenNode flatten) {
      FetchNode fetch = flatten.node();
      Map<ObjectNode, Integer> index = new HashMap<>(); // JSON equality: identical representations are sent once
      ArrayNode reps = JSON.arrayNode();
      List<List<Target>> targets = new ArrayList<>();
      synchronized (this) {
        for (List<String> path : flatten.paths()) {
          List<Target> found = new ArrayList<>();
          collect(data, path, 0, new ArrayList<>(), found);
          for (Target t : found) {
            ObjectNode rep = representation(t.object(), fetch.representations());
            if (rep == null) {
              continue;
            }
            Integer i = index.computeIfAbsent(rep, k -> {
              reps.add(rep);
              targets.add(new ArrayList<>());
              return targets.size() - 1;
            });
            targets.get(i).add(t);
          }
        }
      }
      if (reps.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      ObjectNode body = request(fetch);
      ((ObjectNode) body.get("variables")).set("representations", reps);
      return call(fetch, body).thenAccept(response -> {
        if (response == null) {
          return;
        }
        synchronized (this) {
          JsonNode entities = response.path("data").path("_entities");
          if (!entities.isArray() || entities.size() != reps.size()) {
            if (!response.path("errors").isArray() || response.path("errors").isEmpty()) {
              errors.add(error("Subgraph '" + fetch.serviceName() + "' returned " + entities.size()
                  + " entities for " + reps.size() + " representations", "SUBREQUEST_MALFORMED_RESPONSE", fetch.serviceName(), null));
            }
          } else {
            for (int i = 0; i < entities.size(); i++) {
              if (entities.get(i) instanceof ObjectNode entity) {
                // a subgraph that answers another __typename than it was sent tells the object's concrete type (the
                // values of an @interfaceObject carry the interface's name); otherwise the object keeps its own, as
                // an @interfaceObject subgraph answers with the interface name
                JsonNode answered = entity.get("__typename");
                boolean learned = answered != null && !answered.equals(reps.get(i).get("__typename"));
                for (Target t : targets.get(i)) {
                  JsonNode typename = t.object().get("__typename");
                  deepMerge(t.object(), entity);
                  if (typename != null && !learned) {
                    t.object().set("__typename", typename);
                  }
                }
              }
            }
          }
          for (JsonNode e : response.path("errors")) {
            JsonNode path = e.get("path");
            if (path instanceof ArrayNode p && p.size() >= 2 && "_entities".equals(p.get(0).asText()) && p.get(1).canConvertToInt()
                && p.get(1).asInt() < targets.size()) {
              List<Object> rest = toList(p).subList(2, p.size());
              for (Target t : targets.get(p.get(1).asInt())) {
                List<Object> full = new ArrayList<>(t.path());
                full.addAll(rest);
                errors.add(subgraphError(e, fetch.serviceName(), full));
              }
            } else {
              errors.add(subgraphError(e, fetch.serviceName(), null));
            }
          }
        }
      });
    }

    private CompletableFuture<ObjectNode> start(FetchNode fetch, ObjectNode body) {
      try {
        return caller.call(fetch.serviceName(), body, headers);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    void cancel() {
      cancelled = true;
      calls.forEach(c -> c.cancel(true));
    }

    /**
     * Completes with null (after recording an error) when the subgraph could not be reached or answered garbage, and
     * with null at once when the request was cancelled.
     */
    private CompletableFuture<ObjectNode> call(FetchNode fetch, ObjectNode body) {
      if (cancelled) {
        return CompletableFuture.completedFuture(null);
      }
      boolean query = fetch.operationKind().equals("query");
      if (query) {
        synchronized (this) {
          for (Pending p : pending.getOrDefault(fetch.operation(), List.of())) {
            if (p.service().equals(fetch.serviceName()) && p.body().equals(body)) {
              return p.response();
            }
          }
        }
      }
      CompletableFuture<ObjectNode> f = start(fetch, body);
      calls.add(f);
      CompletableFuture<ObjectNode> answered = f.handle((response, failure) -> {
        calls.remove(f);
        if (failure == null) {
          return response;
        }
        if (cancelled) {
          return null;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String code = cause instanceof SubgraphCallException s ? s.code() : "SUBREQUEST_HTTP_ERROR";
        errors.add(error("Subgraph '" + fetch.serviceName() + "' request failed: " + cause.getMessage(), code, fetch.serviceName(), null));
        return null;
      });
      if (query) {
        Pending p = new Pending(fetch.serviceName(), body, answered);
        synchronized (this) {
          pending.computeIfAbsent(fetch.operation(), k -> new ArrayList<>(1)).add(p);
        }
        answered.whenComplete((r, failure) -> {
          synchronized (this) {
            pending.get(fetch.operation()).remove(p);
          }
        });
      }
      if (cancelled) { // cancelled while this call was being started
        f.cancel(true);
      }
      return answered;
    }
  }

  private record Target(ObjectNode object, List<Object> path) {}

  private static void collect(JsonNode node, List<String> path, int at, List<Object> current, List<Target> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (at == path.size()) {
      if (node instanceof ObjectNode o) {
        out.add(new Target(o, List.copyOf(current)));
      }
      return;
    }
    String step = path.get(at);
    if (step.equals("@")) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          current.add(i);
          collect(node.get(i), path, at + 1, current, out);
          current.remove(current.size() - 1);
        }
      }
      return;
    }
    current.add(step);
    collect(node.get(step), path, at + 1, current, out);
    current.remove(current.size() - 1);
  }

  /** The representation of {@code object}, or null when it is not of a type this fetch handles or lacks its key. */
  static ObjectNode representation(ObjectNode object, Map<String, RepShape> shapes) {
    JsonNode typename = object.get("__typename");
    String type = typename != null && typename.isTextual() ? typename.asText()
        : shapes.size() == 1 ? shapes.keySet().iterator().next() : null;
    RepShape shape = type == null ? null : shapes.get(type);
    if (shape == null) {
      return null;
    }
    ObjectNode rep = JSON.objectNode().put("__typename", shape.typename() != null ? shape.typename() : type);
    for (RepField f : shape.keyFields()) {
      JsonNode v = object.get(f.dataKey());
      if (v == null || v.isNull()) {
        return null;
      }
      rep.set(f.name(), project(v, f.children()));
    }
    for (RepField f : shape.requiredFields()) {
      JsonNode v = object.get(f.dataKey());
      rep.set(f.name(), v == null ? NullNode.instance : project(v, f.children()));
    }
    return rep;
  }

  private static JsonNode project(JsonNode value, List<RepField> fields) {
    if (fields.isEmpty() || value.isNull()) {
      return value;
    }
    if (value.isArray()) {
      ArrayNode out = JSON.arrayNode();
      value.forEach(v -> out.add(project(v, fields)));
      return out;
    }
    ObjectNode out = JSON.objectNode();
    for (RepField f : fields) {
      JsonNode v = value.get(f.dataKey());
      if (v != null) {
        out.set(f.name(), project(v, f.children()));
      }
    }
    return out;
  }

  static void deepMerge(ObjectNode target, ObjectNode source) {
    for (Map.Entry<String, JsonNode> e : source.properties()) {
      JsonNode existing = target.get(e.getKey());
      JsonNode incoming = e.getValue();
      if (existing instanceof ObjectNode eo && incoming instanceof ObjectNode io) {
        deepMerge(eo, io);
      } else if (existing instanceof ArrayNode ea && incoming instanceof ArrayNode ia && ea.size() == ia.size()) {
        for (int i = 0; i < ea.size(); i++) {
          if (ea.get(i) instanceof ObjectNode eo && ia.get(i) instanceof ObjectNode io) {
            deepMerge(eo, io);
          } else {
            ea.set(i, ia.get(i));
          }
        }
      } else if (existing == null || !(existing.isContainerNode() && incoming.isNull())) {
        target.set(e.getKey(), incoming);
      }
    }
  }

  private static List<Object> toList(ArrayNode path) {
    List<Object> out = new ArrayList<>();
    path.forEach(p -> out.add(p.isInt() ? (Object) p.asInt() : p.asText()));
    return out;
  }

  /** A subgraph error with the client's path: locations refer to the subgraph document and are dropped. */
  private static ObjectNode subgraphError(JsonNode e, String service, List<Object> path) {
    ObjectNode out = JSON.objectNode().put("message", e.path("message").asText("Subgraph error"));
    if (path != null) {
      ArrayNode p = out.putArray("path");
      path.forEach(x -> p.add(x instanceof Integer i ? JSON.numberNode(i) : JSON.textNode((String) x)));
    }
    ObjectNode ext = e.get("extensions") instanceof ObjectNode x ? x.deepCopy() : JSON.objectNode();
    ext.put("serviceName", service);
    out.set("extensions", ext);
    return out;
  }

  static ObjectNode error(String message, String code, String service, List<Object> path) {
    ObjectNode out = JSON.objectNode().put("message", message);
    if (path != null) {
      ArrayNode p = out.putArray("path");
      path.forEach(x -> p.add(x instanceof Integer i ? JSON.numberNode(i) : JSON.textNode((String) x)));
    }
    ObjectNode ext = out.putObject("extensions").put("code", code);
    if (service != null) {
      ext.put("serviceName", service);
    }
    return out;
  }
}
