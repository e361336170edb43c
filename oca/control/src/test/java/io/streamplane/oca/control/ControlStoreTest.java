package io.streamplane.oca.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.control.fill.FillBook;
import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The control plane's Cassandra state, on a fresh keyspace of the test Cassandra. */
class ControlStoreTest {

  @Test
  void registrationsPlacementProgressAndOneFillLeaseAtATime() {
    String keyspace = "oca_store_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (ControlStore store = ControlStore.open(System.getProperty("streamplane.cassandra", "127.0.0.1:9042"),
        keyspace, Duration.ofSeconds(60))) {
      Appliance isp = new Appliance("isp-a", Tier.FLASH, "site", 64500, List.of("10.1.0.0/16"), 1 << 30,
          "http://127.0.0.1:8201", "127.0.0.1:9201");
      store.save(isp);
      assertEquals(Optional.of(isp), store.load("isp-a"));
      assertEquals(List.of(isp), store.loadAll());

      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      store.savePlacement("isp-a", List.of("t2", "t1"), now);
      assertEquals(Map.of("isp-a", List.of("t2", "t1")), store.loadPlacements());
      FillBook.TitleFill fill = new FillBook.TitleFill("isp-a", "t2", FillBook.State.FAILED, 10, 20, 2,
          now.plusSeconds(10), "DISK_FULL: no space", now);
      store.saveFill(fill);
      assertEquals(List.of(fill), store.loadFills());
      store.deleteFill("isp-a", "t2");
      assertEquals(List.of(), store.loadFills());

      assertTrue(store.lease("isp-a", "replica-1", Duration.ofSeconds(30)));
      assertFalse(store.lease("isp-a", "replica-2", Duration.ofSeconds(30)), "a second replica must wait");
      assertTrue(store.lease("isp-a", "replica-1", Duration.ofSeconds(30)), "the holder renews");
      store.release("isp-a", "replica-2");  // not the holder: no effect
      assertFalse(store.lease("isp-a", "replica-2", Duration.ofSeconds(30)));
      store.release("isp-a", "replica-1");
      assertTrue(store.lease("isp-a", "replica-2", Duration.ofSeconds(30)));
    }
  }
}
