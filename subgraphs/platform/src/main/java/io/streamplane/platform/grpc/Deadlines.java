package io.streamplane.platform.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The caller's deadline, as the time budget left for the work a call does (store reads get no more than this). */
public final class Deadlines {
  private Deadlines() {}

  /**
   * The time left for the current call, capped at {@code max}; fails fast with DEADLINE_EXCEEDED when the caller has
   * already given up, so no work is wasted on an answer nobody waits for.
   */
  public static Duration remaining(Duration max) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return max;
    }
    long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
    if (nanos <= 0) {
      throw new ServiceException(ErrorCode.DEADLINE_EXCEEDED, "the caller's deadline has passed");
    }
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }
}
