package io.streamplane.playback.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.platform.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream leases on a real Cassandra: the limit holds under simultaneous starts, TTLs free slots, heartbeats keep them. */
class StreamLeasesTest {
  private static CqlSession session;

  @BeforeAll
  static void open() {
    // A generous request timeout: the shared test machine is busy, and schema changes may take seconds there.
    session = CassandraSessions.open(new CassandraConfig(TestStores.cassandra(), "datacenter1",
        TestStores.keyspace("leases"), 1, Duration.ofSeconds(10), Duration.ofSeconds(90)), "cql/playback.cql");
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @Test
  void simultaneousStartsNeverExceedTheLimit() throws Exception {
    StreamLeases leases = new StreamLeases(session, Duration.ofMinutes(5));
    int limit = 3;
    int starts = 12;
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<Lease>>> results = new ArrayList<>();
    for (int i = 0; i < starts; i++) {
      String sessionId = "s" + i;
      Callable<Optional<Lease>> start = () -> {
        go.await();
        return leases.acquire("race-account", limit, sessionId, "p", "t");
      };
      results.add(pool.submit(start));
    }
    go.countDown();
    Set<Integer> slots = new HashSet<>();
    int won = 0;
    for (Future<Optional<Lease>> result : results) {
      Optional<Lease> lease = result.get();
      if (lease.isPresent()) {
        won++;
        assertTrue(slots.add(lease.get().slot()), "two sessions were given slot " + lease.get().slot());
        assertTrue(leases.isHeld(lease.get()));
      }
    }
    pool.shutdown();
    assertEquals(limit, won);
    assertEquals(limit, leases.held("race-account", limit));
  }

  @Test
  void aStoppedOrSilentSessionFreesItsSlot() throws Exception {
    StreamLeases leases = new StreamLeases(session, Duration.ofSeconds(2));
    Lease first = leases.acquire("ttl-account", 1, "a", "p", "t").orElseThrow();
    assertTrue(leases.acquire("ttl-account", 1, "b", "p", "t").isEmpty());
    leases.release(first);
    assertFalse(leases.isHeld(first));
    Lease second = leases.acquire("ttl-account", 1, "b", "p", "t").orElseThrow();
    // No heartbeat: the TTL frees the slot.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (leases.isHeld(second) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFalse(leases.isHeld(second));
    assertFalse(leases.renew(second, "p", "t"), "an expired lease must not come back on a late heartbeat");
    assertTrue(leases.acquire("ttl-account", 1, "c", "p", "t").isPresent());
  }

  @Test
  void heartbeatsKeepTheLeaseAndOnlyTheOwnerRenewsOrReleases() throws Exception {
    StreamLeases leases = new StreamLeases(session, Duration.ofSeconds(2));
    Lease lease = leases.acquire("beat-account", 1, "owner", "p", "t").orElseThrow();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(800);
      assertTrue(leases.renew(lease, "p", "t"));
    }
    assertTrue(leases.isHeld(lease), "renewed every 0.8 s, a 2 s lease lives on after 3.2 s");
    Lease impostor = new Lease("beat-account", lease.slot(), "someone-else");
    assertFalse(leases.renew(impostor, "p", "t"));
    leases.release(impostor);
    assertTrue(leases.isHeld(lease));
  }
}
