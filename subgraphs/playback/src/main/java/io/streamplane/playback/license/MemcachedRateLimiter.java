package io.streamplane.playback.license;

import com.netflix.evcache.EVCache;
import com.netflix.evcache.EVCacheLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.transcoders.IntegerTranscoder;
import net.spy.memcached.transcoders.Transcoder;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed one-minute windows counted in memcached, so the limit holds across replicas: request n of a window claims
 * ticket n with an atomic {@code add} (which only one caller can win), and a request that finds every ticket of the
 * window taken is over the limit. (EVCache's {@code incr} answered 1 on every call here, and its plain {@code add} answers
 * before memcached does, so the add's latch is awaited.) When
 * memcached cannot answer, each replica counts alone (the limit then holds per replica rather than failing every
 * licence: licences are on the path to the first frame).
 */
public final class MemcachedRateLimiter implements LicenseRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(MemcachedRateLimiter.class);

  private static final Transcoder<Integer> ONE = new IntegerTranscoder();

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

  /** EVCache writes are asynchronous: wait for memcached's answer to the add (false: the ticket was taken). */
  private boolean claim(String key) throws Exception {
    EVCacheLatch latch = counters.add(key, 1, ONE, 120, EVCacheLatch.Policy.ALL);
    if (!latch.await(250, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("memcached did not answer the add in time");
    }
    for (Future<Boolean> answer : latch.getAllFutures()) {
      if (!answer.get()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean tryAcquire(String sessionId) {
    long window = clock.millis() / 60_000;
    try {
      for (int ticket = 0; ticket < perMinute; ticket++) {
        if (claim("lic:" + sessionId + ":" + window + ":" + ticket)) {
          return true;
        }
      }
      return false;
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
