package io.streamplane.oca.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentPath;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health figures on a simulated clock. */
class HealthSamplerTest {

  @TempDir
  Path dir;
  private long now;

  private void write(ContentStore store, String path, int size) throws Exception {
    Path file = store.locate(ContentPath.ofAsset("t1", path));
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[size]);
  }

  @Test
  void storedBytesAreRefreshedPeriodicallyAndRatesPerInterval() throws Exception {
    ContentStore store = new ContentStore(dir);
    ServingMetrics metrics = new ServingMetrics();
    HealthSampler health = new HealthSampler(metrics, store, new RamTier(0, 0, 1), () -> 0, new AtomicBoolean(),
        () -> now);
    write(store, "a.m4s", 100);
    now += 1_000_000_000L;
    assertEquals(100, health.sample().getStoredBytes());

    write(store, "b.m4s", 50);
    metrics.recordResponse(200, 4_000);
    now += 2_000_000_000L;
    var report = health.sample();
    assertEquals(100, report.getStoredBytes(), "not walked again before the refresh interval");
    assertEquals(2_000.0, report.getServedBytesPerS());
    assertEquals(3_000, report.getUptimeMs());

    now += HealthSampler.STORED_BYTES_REFRESH.toNanos();
    assertEquals(150, health.sample().getStoredBytes());
  }
}
