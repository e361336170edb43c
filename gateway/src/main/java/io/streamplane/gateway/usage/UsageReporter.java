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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts the operations the gateway runs and reports them to the schema registry every period, so schema checks can
 * name the operations a change would break. Counting is a map lookup and an increment per request; a report that
 * cannot be delivered is kept and added to the next one.
 *
 * <p>With a sample rate below 1 only that share of requests is counted (a random draw per request, no parsing or
 * hashing for the others); reports scale the counts back up and say they were sampled, so the registry's figures stay
 * estimates of the real traffic.
 */
public final class UsageReporter implements AutoCloseable {
  /** Distinct operations kept per period; beyond it new ones are not counted (bounded memory under hostile traffic). */
  private static final int MAX_OPERATIONS = 10_000;
  /** System property giving the sample rate when the caller does not: a number in (0, 1], default 1 (count all). */
  public static final String SAMPLE_RATE_PROPERTY = "streamplane.usage.sample-rate";

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

  private final double sampleRate;
  private volatile Instant windowStart = Instant.now();

  /** Samples at the rate of the system property {@value #SAMPLE_RATE_PROPERTY} (all requests when unset). */
  public UsageReporter(URI reportUrl, ObjectMapper json, Consumer<String> log) {
    this(reportUrl, json, log, sampleRateProperty());
  }

  /** @param sampleRate the share of requests counted, in (0, 1] */
  public UsageReporter(URI reportUrl, ObjectMapper json, Consumer<String> log, double sampleRate) {
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("the usage sample rate must be in (0, 1], got " + sampleRate);
    }
    this.reportUrl = reportUrl;
    this.json = json;
    this.log = log;
    this.sampleRate = sampleRate;
  }

  private static double sampleRateProperty() {
    String value = System.getProperty(SAMPLE_RATE_PROPERTY);
    try {
      return value == null || value.isBlank() ? 1.0 : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SAMPLE_RATE_PROPERTY + " must be a number in (0, 1], got " + value, e);
    }
  }

  public UsageReporter start(Duration period) {
    scheduler.scheduleWithFixedDelay(this::report, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Counts one execution of an operation of a validated document. */
  public void record(String query, String operationName, Document document, GraphQLSchema apiSchema) {
    if (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate) {
      return;
    }
    String key = operationName == null ? query : query + "\u0000" + operationName;
    OperationUsage usage = operations.get(key);
    if (usage == null) {
      if (operations.size() >= MAX_OPERATIONS) {
        return;
      }
      usage = operations.computeIfAbsent(key, k -> OperationUsage.of(operationName, document, apiSchema));
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
    Instant from = windowStart;
    Instant to = Instant.now();
    if (batch.isEmpty()) {
      windowStart = to;
      return true;
    }
    ObjectNode body = json.createObjectNode();
    body.put("windowStart", from.toString());
    body.put("windowEnd", to.toString());
    body.put("sampled", sampleRate < 1);
    body.put("sampleRate", sampleRate);
    ArrayNode list = body.putArray("operations");
    batch.forEach((usage, count) -> {
      ObjectNode op = list.addObject();
      op.put("operationHash", usage.operationHash());
      op.put("operationName", usage.operationName());
      usage.fields().forEach(op.putArray("fields")::add);
      op.put("count", scaled(count));
    });
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(reportUrl).timeout(Duration.ofSeconds(10))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        windowStart = to;
        return true;
      }
      log.accept("usage report refused: " + response.statusCode() + " " + response.body());
      if (response.statusCode() < 500) {
        windowStart = to;
        return false;  // the registry will not take it later either
      }
    } catch (Exception e) {
      log.accept("usage report not delivered (" + e.getMessage() + "), keeping it for the next one");
    }
    batch.forEach((usage, count) -> counts.computeIfAbsent(usage, u -> new LongAdder()).add(count));
    return false;
  }

  /** The estimated number of executions behind {@code counted} sampled ones (at least 1: it did run). */
  private long scaled(long counted) {
    return Math.max(1, Math.round(counted / sampleRate));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    report();
  }
}
