package io.streamplane.platform.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.platform.testing.MemcachedProcess;
import io.streamplane.platform.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReadThroughCacheTest {
  @Test
  void bulkReadWriteAndInvalidateOnRealMemcached() {
    ReadThroughCache cache = new ReadThroughCache(new CacheConfig("EVCACHE_PLATFORM_TEST", TestStores.memcached(),
        "doc", Duration.ofMinutes(5), Duration.ofMillis(500)));
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String missing = UUID.randomUUID().toString();
    Map<String, String> found = putUntilVisible(cache, Map.of(a, "{\"v\":1}", b, "{\"v\":2}"), List.of(a, b, missing));
    assertEquals(Map.of(a, "{\"v\":1}", b, "{\"v\":2}"), found);

    Map<String, String> afterDelete = Map.of();
    for (int i = 0; i < 50; i++) {  // deletes are asynchronous too
      cache.invalidate(a);
      afterDelete = cache.getAll(List.of(a, b));
      if (afterDelete.size() == 1) {
        break;
      }
      sleep();
    }
    assertEquals(Map.of(b, "{\"v\":2}"), afterDelete);
    ReadThroughCache.CacheStats stats = cache.stats();
    assertTrue(stats.hits() >= 3, stats.toString());
    assertTrue(stats.misses() >= 2, stats.toString());
    assertEquals(0, stats.errors());
  }

  @Test
  void aConfirmedWriteIsVisibleOnReturn() {
    ReadThroughCache cache = new ReadThroughCache(new CacheConfig("EVCACHE_PLATFORM_TEST", TestStores.memcached(),
        "state", Duration.ofMinutes(5), Duration.ofMillis(500)));
    String key = UUID.randomUUID().toString();
    boolean confirmed = false;
    for (int i = 0; i < 100 && !confirmed; i++) { // a new client connects in the background
      confirmed = cache.putConfirmed(key, "revoked", Duration.ofSeconds(1));
      if (!confirmed) {
        sleep();
      }
    }
    assertTrue(confirmed);
    assertEquals(Map.of(key, "revoked"), cache.getAll(List.of(key)), "visible as soon as the write returned");
  }

  @Test
  void aDeadServerIsAMissNotAFailure() {
    try (MemcachedProcess memcached = MemcachedProcess.start()) {
      ReadThroughCache cache = new ReadThroughCache(new CacheConfig("EVCACHE_PLATFORM_DOWN", memcached.address(),
          "doc", Duration.ofMinutes(5), Duration.ofMillis(200)));
      assertEquals(Map.of("k", "v"), putUntilVisible(cache, Map.of("k", "v"), List.of("k")));

      memcached.kill();
      for (int i = 0; i < 5; i++) {
        assertEquals(Map.of(), cache.getAll(List.of("k")));
        cache.putAll(Map.of("k", "v2"));
        cache.invalidate("k");
      }
      assertFalse(cache.putConfirmed("k", "v4", Duration.ofMillis(300)), "an unconfirmed write says so");
      assertTrue(cache.stats().misses() >= 5, cache.stats().toString());
    }
  }

  /** Writes are asynchronous and a new client connects in the background: write until the values read back. */
  private static Map<String, String> putUntilVisible(ReadThroughCache cache, Map<String, String> values,
      List<String> keys) {
    Map<String, String> found = Map.of();
    for (int i = 0; i < 100 && found.size() < values.size(); i++) {
      cache.putAll(values);
      found = cache.getAll(keys);
      if (found.size() < values.size()) {
        sleep();
      }
    }
    return found;
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
