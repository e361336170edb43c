package io.streamplane.oca.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** Counters of one appliance, rendered in the Prometheus text format (version 0.0.4). */
public final class ServingMetrics {

  private final ConcurrentMap<Integer, LongAdder> responsesByStatus = new ConcurrentHashMap<>();
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder ramTierHits = new LongAdder();
  private final LongAdder ramTierMisses = new LongAdder();
  private final LongAdder corkedResponses = new LongAdder();
  private final ConcurrentMap<String, LongAdder> accessDenied = new ConcurrentHashMap<>();
  private final LongAdder fillBytes = new LongAdder();
  private final ConcurrentMap<String, LongAdder> fillAssets = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  private record Gauge(String help, DoubleSupplier value) {
  }

  public void recordResponse(int status, long bytes) {
    responsesByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    bytesServed.add(bytes);
  }

  public void recordRamTier(boolean hit) {
    (hit ? ramTierHits : ramTierMisses).increment();
  }

  /** A body sent with TCP_CORK held (shows that corking is active on this appliance). */
  public void recordCorked() {
    corkedResponses.increment();
  }

  /** A refused request; the reason is for operators only (clients get a bare 403). */
  public void recordDenied(String reason) {
    accessDenied.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public void recordFillBytes(long bytes) {
    fillBytes.add(bytes);
  }

  /** A finished fill asset: done, already_present or the failure code. */
  public void recordFillAsset(String result) {
    fillAssets.computeIfAbsent(result, r -> new LongAdder()).increment();
  }

  public void registerGauge(String name, String help, DoubleSupplier value) {
    gauges.put(name, new Gauge(help, value));
  }

  public long requestsTotal() {
    return responsesByStatus.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long serverErrorsTotal() {
    return responsesByStatus.entrySet().stream().filter(e -> e.getKey() >= 500)
        .mapToLong(e -> e.getValue().sum()).sum();
  }

  public long bytesServed() {
    return bytesServed.sum();
  }

  public String render() {
    StringBuilder out = new StringBuilder(2048);
    counter(out, "oca_http_responses_total", "HTTP responses by status code", "code", responsesByStatus);
    counter(out, "oca_http_response_bytes_total", "Bytes sent in HTTP responses", bytesServed.sum());
    counter(out, "oca_ram_tier_hits_total", "Responses served from the RAM tier", ramTierHits.sum());
    counter(out, "oca_ram_tier_misses_total", "Responses served from disk", ramTierMisses.sum());
    counter(out, "oca_tcp_corked_responses_total", "Response bodies sent with TCP_CORK held", corkedResponses.sum());
    counter(out, "oca_access_denied_total", "Requests refused by the access checks", "reason", accessDenied);
    counter(out, "oca_fill_bytes_total", "Bytes written by fills", fillBytes.sum());
    counter(out, "oca_fill_assets_total", "Fill assets finished, by result", "result", fillAssets);
    new TreeMap<>(gauges).forEach((name, gauge) -> {
      out.append("# HELP ").append(name).append(' ').append(gauge.help()).append('\n');
      out.append("# TYPE ").append(name).append(" gauge\n");
      out.append(name).append(' ').append(gauge.value().getAsDouble()).append('\n');
    });
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private static <K> void counter(StringBuilder out, String name, String help, String label,
      Map<K, LongAdder> values) {
    header(out, name, help);
    new TreeMap<>(values).forEach((key, count) ->
        out.append(name).append('{').append(label).append("=\"").append(key).append("\"} ")
            .append(count.sum()).append('\n'));
  }

  private static void header(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
  }
}
