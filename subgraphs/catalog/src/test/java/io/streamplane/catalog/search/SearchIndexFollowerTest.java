package io.streamplane.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.store.CatalogCaches;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.platform.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two replicas share the store; a title written through one becomes searchable on the other. */
class SearchIndexFollowerTest {
  @Test
  void aReplicaFollowsWritesMadeThroughAnother() {
    String keyspace = TestStores.keyspace("catalog_follow");
    try (CqlSession session = CassandraSessions.open(CassandraConfig.local(TestStores.cassandra(), keyspace),
            "cql/catalog.cql");
        TitleSearchIndex index = new TitleSearchIndex()) {
      CatalogCaches caches = CatalogCaches.connect("EVCACHE_CATALOG_FOLLOW", TestStores.memcached(), keyspace,
          Duration.ofMinutes(5), Duration.ofMillis(500));
      CatalogStore writer = new CatalogStore(session, caches);   // replica A
      CatalogStore reader = new CatalogStore(session, caches);   // replica B
      writer.upsertTitle(TestTitles.movie("40000001", "Existing Lighthouse", 1));

      try (SearchIndexFollower follower = new SearchIndexFollower(reader, index, Clock.systemUTC())) {
        follower.start(Duration.ofHours(1));  // no background polling: the test drives it
        assertEquals("40000001", index.search("lighthouse", "US", 5).get(0).titleId());

        writer.upsertTitle(TestTitles.movie("40000002", "Brand New Observatory", 1));
        assertTrue(index.search("observatory", "US", 5).isEmpty());
        follower.followChanges();
        assertEquals("40000002", index.search("observatory", "US", 5).get(0).titleId());

        writer.upsertTitle(TestTitles.movie("40000001", "Renamed Windmill", 1));
        follower.followChanges();
        assertEquals("40000001", index.search("windmill", "US", 5).get(0).titleId());
        assertTrue(index.search("lighthouse", "US", 5).isEmpty());
      }
    }
  }
}
