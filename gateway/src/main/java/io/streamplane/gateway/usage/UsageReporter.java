package io.streamplane.gateway.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts the operations the gateway runs and reports them to the schema registry every period, so schema checks can
 * name the operations a change would break. Counting is a map lookup and an increment per request; a report that
 * cannot be delivered is kept and added to the next one.
 */
public final class UsageReporter implements AutoCloseable {
  /** Distinct operations kept per period; beyond it new ones are not counted (bounded memory under hostile traffic). */
  private static final int MAX_OPERATIONS = 10_000;

  private final URI reportUrl;
  private final ObjectMapper json;
  private final Consumer<String> log;
  private final Map<String, OperationUsage> operations = new ConcurrentHashMap<>();
  private final Map<OperationUsage, LongAdder> counts = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(3)).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "usage-reporter");
    thread.setDaemon(true);
    return thread;
  });

  public UsageReporter(URI reportUrl, ObjectMapper json, Consumer<String> log) {
    this.reportUrl = reportUrl;
    this.json = json;
    this.log = log;
  }

  public UsageReporter start(Duration period) {
    scheduler.scheduleWithFixedDelay(this::report, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Counts one execution of an operation of a validated document. */
  public void record(String query, String operationName, Document document, GraphQLSchema apiSchema) {
    String key = operationName == null ? query : query + "\u0000" + operationName;
    OperationUsage usage = operations.get(key);
    if (usage == null) {
      if (operations.size() >= MAX_OPERATIONS) {
        return;
      }
      usage = operations.computeIfAbsent(key, k -> OperationUsage.of(query, operationName, document, apiSchema));
    }
    counts.computeIfAbsent(usage, u -> new LongAdder()).increment();
  }

  /** Sends what was counted since the last report; true when the registry took it (or there was nothing). */
  public boolean report() {
    Map<OperationUsage, Long> batch = new HashMap<>();
    counts.forEach((usage, adder) -> {
      long count = adder.sumThenReset();
      if (count > 0) {
        batch.put(usage, count);
      }
    });
    if (batch.isEmpty()) {
      return true;
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode list = body.putArray("operations");
    batch.forEach((usage, count) -> {
      ObjectNode op = list.addObject();
      op.put("operationHash", usage.operationHash());
      op.put("operationName", usage.operationName());
      usage.fields().forEach(op.putArray("fields")::add);
      op.put("count", count);
    });
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(reportUrl).timeout(Duration.ofSeconds(10))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return true;
      }
      log.accept("usage report refused: " + response.statusCode() + " " + response.body());
      if (response.statusCode() < 500) {
        return false;  // the registry will not take it later either
      }
    } catch (Exception e) {
      log.accept("usage report not delivered (" + e.getMessage() + "), keeping it for the next one");
    }
    batch.forEach((usage, count) -> counts.computeIfAbsent(usage, u -> new LongAdder()).add(count));
    return false;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    report();
  }
}
