package io.streamplane.gateway.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of durations in seconds with fixed buckets; lock-free to record. */
final class Histogram {

  static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
  private final LongAdder count = new LongAdder();
  private final LongAdder sumNanos = new LongAdder();

  Histogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void record(long nanos) {
    double seconds = nanos / 1e9;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sumNanos.add(nanos);
  }

  /** Appends the cumulative {@code _bucket}, {@code _sum} and {@code _count} lines; {@code labels} is "" or "k=\"v\"". */
  void write(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    String sep = labels.isEmpty() ? "" : labels + ",";
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name).append("_bucket{").append(sep).append("le=\"").append(BOUNDS[i]).append("\"} ").append(cumulative).append('\n');
    }
    long total = count.sum();
    out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(total).append('\n');
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    out.append(name).append("_sum").append(braces).append(' ').append(sumNanos.sum() / 1e9).append('\n');
    out.append(name).append("_count").append(braces).append(' ').append(total).append('\n');
  }
}
