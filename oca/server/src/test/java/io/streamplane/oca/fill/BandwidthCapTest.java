package io.streamplane.oca.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pacing checked on a simulated clock: the sleeps add up to the time the bytes take at the cap. */
class BandwidthCapTest {

  private long now;

  @Test
  void sleepsSoThatTheAverageRateStaysAtTheCap() throws Exception {
    BandwidthCap cap = new BandwidthCap(1_000_000, () -> now, nanos -> now += nanos);
    for (int i = 0; i < 300; i++) {
      cap.acquire(10_000);
    }
    // 3 MB at 1 MB/s take 3 simulated seconds
    assertEquals(TimeUnit.SECONDS.toNanos(3), now);
  }

  @Test
  void idleTimeIsNotBankedForALaterBurst() throws Exception {
    BandwidthCap cap = new BandwidthCap(1_000_000, () -> now, nanos -> now += nanos);
    now += TimeUnit.SECONDS.toNanos(10);
    long before = now;
    cap.acquire(500_000);
    assertEquals(TimeUnit.MILLISECONDS.toNanos(500), now - before);
  }

  @Test
  void zeroMeansUncapped() throws Exception {
    BandwidthCap cap = new BandwidthCap(0, () -> now, nanos -> now += nanos);
    cap.acquire(Long.MAX_VALUE / 4);
    assertEquals(0, now);
  }
}
