package io.streamplane.oca.control.fill;

import java.time.Duration;

/** Waits between retries of a failed title fill: doubling from {@code first} up to {@code max}. */
public record Backoff(Duration first, Duration max) {
  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max");
    }
  }

  /** The wait after the given number of consecutive failures (1 = the first failure). */
  public Duration after(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
