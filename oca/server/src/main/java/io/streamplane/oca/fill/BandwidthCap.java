package io.streamplane.oca.fill;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces a fill to a byte rate: each chunk is paid for with time, and the caller sleeps while it is ahead of the
 * budget. The clock and the sleep are injected so the pacing can be checked without waiting.
 */
public final class BandwidthCap {

  /** Sleeps for a number of nanoseconds. */
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long paidUntilNanos;

  public BandwidthCap(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidth cap must not be negative");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.paidUntilNanos = nanoTime.getAsLong();
  }

  /** A cap on the wall clock; 0 bytes per second means no cap. */
  public static BandwidthCap of(long bytesPerSecond) {
    return new BandwidthCap(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Accounts for {@code bytes} just transferred and sleeps until they fit under the cap. */
  public synchronized void acquire(long bytes) throws InterruptedException {
    if (bytesPerSecond == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    // Idle time is not banked: a fill that paused does not get to burst above the cap afterwards.
    paidUntilNanos = Math.max(paidUntilNanos, now) + (long) ((double) bytes * NANOS_PER_SECOND / bytesPerSecond);
    long ahead = paidUntilNanos - now;
    if (ahead > 0) {
      sleeper.sleepNanos(ahead);
    }
  }
}
