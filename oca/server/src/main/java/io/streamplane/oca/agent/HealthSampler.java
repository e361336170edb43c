package io.streamplane.oca.agent;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import io.streamplane.proto.oca.v1.HealthReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Builds Health reports. Rates (bytes per second, error rate) cover the time since the previous report, which is how
 * the control plane's heartbeat polling uses them. Stored bytes come from a walk of the store, so they are refreshed at
 * most every {@link #STORED_BYTES_REFRESH} rather than on every heartbeat.
 */
public final class HealthSampler {

  static final Duration STORED_BYTES_REFRESH = Duration.ofSeconds(10);

  private final ServingMetrics metrics;
  private final ContentStore store;
  private final RamTier ramTier;
  private final LongSupplier openConnections;
  private final AtomicBoolean draining;
  private final LongSupplier nanoTime;
  private final long startedNanos;
  private long lastNanos;
  private long lastBytes;
  private long lastRequests;
  private long lastErrors;
  private long storedBytes = -1;
  private long storedBytesAtNanos;

  public HealthSampler(ServingMetrics metrics, ContentStore store, RamTier ramTier, LongSupplier openConnections,
      AtomicBoolean draining, LongSupplier nanoTime) {
    this.metrics = metrics;
    this.store = store;
    this.ramTier = ramTier;
    this.openConnections = openConnections;
    this.draining = draining;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
    this.lastNanos = startedNanos;
  }

  public synchronized HealthReport sample() throws IOException {
    long now = nanoTime.getAsLong();
    long bytes = metrics.bytesServed();
    long requests = metrics.requestsTotal();
    long errors = metrics.serverErrorsTotal();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    long newRequests = requests - lastRequests;
    HealthReport.Builder report = HealthReport.newBuilder()
        .setCpuLoad(cpuLoad())
        .setServedBytesPerS((bytes - lastBytes) / seconds)
        .setErrorRate(newRequests == 0 ? 0 : (double) (errors - lastErrors) / newRequests)
        .setRequestsTotal(requests)
        .setOpenConnections((int) Math.min(Integer.MAX_VALUE, openConnections.getAsLong()))
        .setDraining(draining.get())
        .setRamTierBytes(ramTier.usedBytes())
        .setStoredBytes(storedBytes(now))
        .setUptimeMs((now - startedNanos) / 1_000_000);
    FileStore disk = Files.getFileStore(store.root());
    report.setDiskTotalBytes(disk.getTotalSpace()).setDiskUsableBytes(disk.getUsableSpace());
    lastNanos = now;
    lastBytes = bytes;
    lastRequests = requests;
    lastErrors = errors;
    return report.build();
  }

  private long storedBytes(long now) throws IOException {
    if (storedBytes < 0 || now - storedBytesAtNanos >= STORED_BYTES_REFRESH.toNanos()) {
      storedBytes = store.storedBytes();
      storedBytesAtNanos = now;
    }
    return storedBytes;
  }

  /**
   * This appliance's own share of the machine's CPU, not the machine's: appliances sharing a host (the local stack)
   * must not all look overloaded because of each other or of unrelated work.
   */
  private static double cpuLoad() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuLoad();
    }
    return -1;
  }
}
