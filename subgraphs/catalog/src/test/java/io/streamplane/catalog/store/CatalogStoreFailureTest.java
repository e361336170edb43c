package io.streamplane.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.model.Title;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.platform.testing.MemcachedProcess;
import io.streamplane.platform.testing.TcpProxy;
import io.streamplane.platform.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real outages: a private memcached is killed; the shared Cassandra is cut off behind a TCP relay (to the service this
 * is a crashed node, and the other tests keep their Cassandra).
 */
class CatalogStoreFailureTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void memcachedDownReadsFallThroughToCassandraAndStayCorrect() {
    String keyspace = TestStores.keyspace("catalog_mc_down");
    try (MemcachedProcess memcached = MemcachedProcess.start();
        CqlSession session = CassandraSessions.open(CassandraConfig.local(TestStores.cassandra(), keyspace),
            "cql/catalog.cql")) {
      CatalogCaches caches = CatalogCaches.connect("EVCACHE_CATALOG_MC_DOWN", memcached.address(), keyspace,
          Duration.ofMinutes(5), Duration.ofMillis(100));
      CatalogStore store = new CatalogStore(session, caches);
      Title a = TestTitles.movie("20000001", "Before The Outage", 1);
      store.upsertTitle(a);

      memcached.kill();
      Title b = TestTitles.movie("20000002", "During The Outage", 2);
      store.upsertTitle(b);  // writes still land in the source of truth
      long storeReads = store.storeBulkReads();
      Map<String, Loaded<Title>> loaded = store.titles(List.of(a.id(), b.id(), "20000003"), TIMEOUT);
      assertEquals(storeReads + 1, store.storeBulkReads(), "every id was a miss answered by one Cassandra read");
      assertEquals(a, loaded.get(a.id()).value());
      assertEquals(b, loaded.get(b.id()).value());
      assertNull(loaded.get("20000003").value());
      assertTrue(store.genres(TIMEOUT).stream().anyMatch(g -> g.id().equals("drama")));
    }
  }

  @Test
  void cassandraDownServesWhatIsCachedAndMarksTheRestUnavailable() {
    String keyspace = TestStores.keyspace("catalog_cass_down");
    try (TcpProxy proxy = new TcpProxy(TestStores.cassandra());
        CqlSession session = CassandraSessions.open(CassandraConfig.local(proxy.address(), keyspace),
            "cql/catalog.cql")) {
      CatalogCaches caches = CatalogCaches.connect("EVCACHE_CATALOG_CASS_DOWN", TestStores.memcached(), keyspace,
          Duration.ofMinutes(5), Duration.ofMillis(500));
      CatalogStore store = new CatalogStore(session, caches);
      Title cached = TestTitles.movie("30000001", "Cached", 1);
      Title uncached = TestTitles.movie("30000002", "Not Cached", 1);
      store.upsertTitle(cached);
      store.upsertTitle(uncached);
      CatalogStoreTest.evict(caches.titles(), uncached.id());
      awaitCacheHit(store, caches, cached.id());

      proxy.cut();
      Map<String, Loaded<Title>> during = store.titles(List.of(cached.id(), uncached.id()), TIMEOUT);
      assertEquals(cached, during.get(cached.id()).value());
      assertTrue(during.get(uncached.id()).unavailable());
      ServiceException browse = assertThrows(ServiceException.class,
          () -> store.browse(CatalogStore.ALL_GENRES, null, 10, TIMEOUT));
      assertEquals(ErrorCode.UNAVAILABLE, browse.code());
      ServiceException write = assertThrows(ServiceException.class,
          () -> store.upsertTitle(TestTitles.movie("30000003", "Lost?", 1)));
      assertEquals(ErrorCode.UNAVAILABLE, write.code());

      proxy.restore();  // the driver reconnects by itself
      Loaded<Title> after = null;
      for (int i = 0; i < 60 && (after == null || after.unavailable()); i++) {
        after = store.titles(List.of(uncached.id()), TIMEOUT).get(uncached.id());
        if (after.unavailable()) {
          CatalogStoreTest.sleep(500);
        }
      }
      assertEquals(uncached, after.value());
    }
  }

  private static void awaitCacheHit(CatalogStore store, CatalogCaches caches, String id) {
    for (int i = 0; i < 50; i++) {
      long hits = caches.titles().stats().hits();
      store.titles(List.of(id), TIMEOUT);
      if (caches.titles().stats().hits() > hits) {
        return;
      }
      CatalogStoreTest.sleep(50);
    }
    throw new AssertionError("title " + id + " never reached the cache");
  }
}
