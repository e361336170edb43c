package io.streamplane.gateway.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's Prometheus metrics: client requests (by HTTP status class) and their latency, subgraph fetch latency
 * and failures per subgraph, and plan-cache hits and misses. Rendered in the text exposition format at
 * {@code /metrics}.
 */
public final class GatewayMetrics {

  private final Histogram requestLatency = new Histogram();
  private final Map<String, LongAdder> requestsByStatus = new ConcurrentHashMap<>();
  private final Map<String, Histogram> fetchLatency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> fetchErrors = new ConcurrentHashMap<>();
  private final LongAdder planCacheHits = new LongAdder();
  private final LongAdder planCacheMisses = new LongAdder();

  public void request(int status, long nanos) {
    requestLatency.record(nanos);
    requestsByStatus.computeIfAbsent(status / 100 + "xx", k -> new LongAdder()).increment();
  }

  public void fetch(String subgraph, long nanos, boolean failed) {
    fetchLatency.computeIfAbsent(subgraph, k -> new Histogram()).record(nanos);
    if (failed) {
      fetchErrors.computeIfAbsent(subgraph, k -> new LongAdder()).increment();
    }
  }

  public void planCache(boolean hit) {
    (hit ? planCacheHits : planCacheMisses).increment();
  }

  public String render() {
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP gateway_requests_total Client GraphQL requests by HTTP status class.\n# TYPE gateway_requests_total counter\n");
    requestsByStatus.forEach((status, n) -> out.append("gateway_requests_total{status=\"").append(status).append("\"} ").append(n.sum()).append('\n'));
    out.append("# HELP gateway_request_duration_seconds Time from a parsed HTTP request to its response.\n# TYPE gateway_request_duration_seconds histogram\n");
    requestLatency.write(out, "gateway_request_duration_seconds", "");
    out.append("# HELP gateway_subgraph_fetch_duration_seconds Subgraph fetch latency.\n# TYPE gateway_subgraph_fetch_duration_seconds histogram\n");
    fetchLatency.forEach((subgraph, h) -> h.write(out, "gateway_subgraph_fetch_duration_seconds", "subgraph=\"" + subgraph + "\""));
    out.append("# HELP gateway_subgraph_fetch_errors_total Subgraph fetches without a GraphQL response.\n# TYPE gateway_subgraph_fetch_errors_total counter\n");
    fetchErrors.forEach((subgraph, n) -> out.append("gateway_subgraph_fetch_errors_total{subgraph=\"").append(subgraph).append("\"} ").append(n.sum()).append('\n'));
    out.append("# HELP gateway_plan_cache_requests_total Plan-cache lookups by result.\n# TYPE gateway_plan_cache_requests_total counter\n");
    out.append("gateway_plan_cache_requests_total{result=\"hit\"} ").append(planCacheHits.sum()).append('\n');
    out.append("gateway_plan_cache_requests_total{result=\"miss\"} ").append(planCacheMisses.sum()).append('\n');
    return out.toString();
  }
}
