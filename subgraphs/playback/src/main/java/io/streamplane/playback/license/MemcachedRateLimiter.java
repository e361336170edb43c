package io.streamplane.playback.license;

import com.netflix.evcache.EVCache;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed one-minute windows counted with memcached's atomic {@code incr}, so the limit holds across replicas. When
 * memcached cannot answer, each replica counts alone (the limit then holds per replica rather than failing every
 * licence: licences are on the path to the first frame).
 */
public final class MemcachedRateLimiter implements LicenseRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(MemcachedRateLimiter.class);

  private final EVCache counters;
  private final int perMinute;
  private final Clock clock;
  private final ConcurrentHashMap<String, AtomicInteger> local = new ConcurrentHashMap<>();
  private volatile long localWindow;

  public MemcachedRateLimiter(EVCache counters, int perMinute, Clock clock) {
    this.counters = counters;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  @Override
  public boolean tryAcquire(String sessionId) {
    long window = clock.millis() / 60_000;
    try {
      long count = counters.incr("lic:" + sessionId + ":" + window, 1, 1, 120);
      if (count > 0) {
        return count <= perMinute;
      }
    } catch (Exception e) {
      log.debug("licence rate counter unavailable: {}", e.toString());
    }
    if (window != localWindow) {
      local.clear();
      localWindow = window;
    }
    return local.computeIfAbsent(sessionId, k -> new AtomicInteger()).incrementAndGet() <= perMinute;
  }
}
