package io.streamplane.catalog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decoded documents kept in this process for a few seconds, in front of EVCache: the hottest titles of a Zipf-shaped
 * load are then served without a network round trip or a JSON decode. Staleness is bounded by the TTL; this replica's
 * writes replace entries at once and other replicas' writes evict them as the change log is followed.
 */
public final class NearCache<T> {
  private final Cache<String, T> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public NearCache(long maximumEntries, Duration ttl) {
    this.entries = Caffeine.newBuilder().maximumSize(maximumEntries).expireAfterWrite(ttl).build();
  }

  public static <T> NearCache<T> disabled() {
    return new NearCache<>(0, Duration.ofSeconds(1));
  }

  public Map<String, T> getAll(Collection<String> keys) {
    Map<String, T> found = entries.getAllPresent(keys);
    hits.add(found.size());
    misses.add(keys.size() - found.size());
    return found;
  }

  public void putAll(Map<String, T> values) {
    entries.putAll(values);
  }

  public void invalidateAll(Collection<String> keys) {
    entries.invalidateAll(keys);
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
