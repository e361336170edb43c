package io.streamplane.platform.cache;

import com.netflix.evcache.EVCache;
import com.netflix.evcache.EVCacheLatch;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * String values (JSON documents) in EVCache, used read-through and write-through in front of Cassandra.
 *
 * <p>The cache is an optimisation, never a source of truth: every failure (memcached down, timeouts) is counted and
 * reported as a miss so callers fall through to the store.
 */
public final class ReadThroughCache {
  private static final Logger log = LoggerFactory.getLogger(ReadThroughCache.class);

  /** A cache that holds nothing: every key is a miss and writes go nowhere (reads that must see the store). */
  public static final ReadThroughCache NONE = new ReadThroughCache();

  private final EVCache evcache;
  private final int ttlSeconds;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bulkReads = new LongAdder();

  public ReadThroughCache(CacheConfig config) {
    this.evcache = EvCacheClients.build(config);
    this.ttlSeconds = (int) config.ttl().toSeconds();
  }

  private ReadThroughCache() {
    this.evcache = null;
    this.ttlSeconds = 0;
  }

  /** One bulk read for all keys; missing and failed keys are simply absent from the result. */
  public Map<String, String> getAll(Collection<String> keys) {
    if (keys.isEmpty() || evcache == null) {
      return Map.of();
    }
    bulkReads.increment();
    LinkedHashSet<String> unique = new LinkedHashSet<>(keys);
    try {
      Map<String, String> found = evcache.getBulk(unique);
      found.values().removeIf(Objects::isNull);
      hits.add(found.size());
      misses.add(unique.size() - found.size());
      return found;
    } catch (Exception e) {
      recordError("getBulk", e);
      misses.add(unique.size());
      return Map.of();
    }
  }

  /** Write-through: stores each value; failures are counted, never thrown (the store already has the data). */
  public void putAll(Map<String, String> values) {
    if (evcache == null) {
      return;
    }
    values.forEach((key, value) -> {
      try {
        evcache.set(key, value, ttlSeconds);
      } catch (Exception e) {
        recordError("set", e);
      }
    });
  }

  /**
   * Write-through that waits (at most {@code wait}) until every replica group stored the value: for changes whose
   * visibility must be bounded, such as a revocation. False when not all confirmed in time; the entry may then stay
   * stale until its TTL.
   */
  public boolean putConfirmed(String key, String value, Duration wait) {
    if (evcache == null) {
      return true; // nothing is cached, so nothing can be stale
    }
    try {
      EVCacheLatch latch = evcache.set(key, value, ttlSeconds, EVCacheLatch.Policy.ALL);
      boolean done = latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (done && latch.getSuccessCount() >= latch.getExpectedSuccessCount()) {
        return true;
      }
      errors.increment();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recordError("set", e);
      return false;
    } catch (Exception e) {
      recordError("set", e);
      return false;
    }
  }

  /** Removes a key after its source of truth changed. */
  public void invalidate(String key) {
    if (evcache == null) {
      return;
    }
    try {
      evcache.delete(key);
    } catch (Exception e) {
      recordError("delete", e);
    }
  }

  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), errors.sum(), bulkReads.sum());
  }

  private void recordError(String operation, Exception e) {
    errors.increment();
    log.debug("EVCache {} failed: {}", operation, e.toString());
  }

  /** Counters since start; {@code bulkReads} counts calls to {@link #getAll}. */
  public record CacheStats(long hits, long misses, long errors, long bulkReads) {
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? 0 : (double) hits / total;
    }
  }
}
