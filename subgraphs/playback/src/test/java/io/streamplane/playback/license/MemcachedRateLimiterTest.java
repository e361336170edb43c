package io.streamplane.playback.license;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.netflix.evcache.EVCache;
import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The licence rate limit counted in a real memcached. */
class MemcachedRateLimiterTest {

  @Test
  void countsPerSessionAndWindow() throws Exception {
    String prefix = TestStores.keyspace("ratelimit");
    new ReadThroughCache(new CacheConfig("EVCACHE_PLAYBACK_RL_TEST", TestStores.memcached(), prefix,
        Duration.ofMinutes(1), Duration.ofMillis(500)));
    EVCache counters = new EVCache.Builder().setAppName("EVCACHE_PLAYBACK_RL_TEST").setCachePrefix(prefix + ".rl")
        .setDefaultTTL(120).build();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:30Z"), ZoneOffset.UTC);
    MemcachedRateLimiter limiter = new MemcachedRateLimiter(counters, 3, clock);
    List<Boolean> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(limiter.tryAcquire("session-a"));
    }
    assertEquals(List.of(true, true, true, false, false), first);
    assertEquals(true, limiter.tryAcquire("session-b"));
    MemcachedRateLimiter nextMinute = new MemcachedRateLimiter(counters, 3,
        Clock.offset(clock, Duration.ofMinutes(1)));
    assertEquals(true, nextMinute.tryAcquire("session-a"));
  }
}
