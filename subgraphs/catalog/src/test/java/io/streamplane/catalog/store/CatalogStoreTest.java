package io.streamplane.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.MediaAsset;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleAssets;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.platform.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store on real Cassandra and memcached. */
class CatalogStoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static CqlSession session;
  private static CatalogCaches caches;
  private static CatalogStore store;

  @BeforeAll
  static void connect() {
    String keyspace = TestStores.keyspace("catalog_store");
    session = CassandraSessions.open(CassandraConfig.local(TestStores.cassandra(), keyspace), "cql/catalog.cql");
    caches = CatalogCaches.connect("EVCACHE_CATALOG_STORE_TEST", TestStores.memcached(), keyspace,
        Duration.ofMinutes(5), Duration.ofMillis(500));
    store = new CatalogStore(session, caches);
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @Test
  void upsertThenBulkReadFromStoreThenFromCache() {
    Title a = TestTitles.movie("10000001", "Alpha", 5);
    Title b = TestTitles.show("10000002", "Beta", 7, "11000001");
    store.upsertTitle(a);
    store.upsertTitle(b);
    // upserts wrote through to the cache: a bulk read needs no store read at all
    long storeReads = store.storeBulkReads();
    Map<String, Loaded<Title>> loaded = awaitCached(List.of(a.id(), b.id(), "19999999"));
    assertEquals(a, loaded.get(a.id()).value());
    assertEquals(b, loaded.get(b.id()).value());
    assertNull(loaded.get("19999999").value());
    assertFalse(loaded.get("19999999").unavailable());
    assertTrue(store.storeBulkReads() - storeReads <= 2, "only the unknown id goes to the store");

    Map<String, Loaded<io.streamplane.catalog.model.Episode>> episodes = store.episodes(List.of("11000001", "11000002"),
        TIMEOUT);
    assertEquals("Pilot", episodes.get("11000001").value().name());
    assertEquals("10000002", episodes.get("11000002").value().titleId());
  }

  @Test
  void readThroughFillsTheCache() {
    Title c = TestTitles.movie("10000003", "Gamma", 3);
    store.upsertTitle(c);
    evict(caches.titles(), c.id());
    long before = store.storeBulkReads();
    assertEquals(c, store.titles(List.of(c.id()), TIMEOUT).get(c.id()).value());
    assertEquals(before + 1, store.storeBulkReads());
    Map<String, Loaded<Title>> again = awaitCached(List.of(c.id()));
    assertEquals(c, again.get(c.id()).value());
  }

  @Test
  void browseFollowsPopularityAndMovesWhenPopularityChanges() {
    Genre war = new Genre("war-test", "War (test)");
    for (int i = 0; i < 5; i++) {
      store.upsertTitle(TestTitles.withGenres(TestTitles.movie("1000010" + i, "W" + i, 10 + i), war));
    }
    List<BrowseRow> rows = store.browse("war-test", null, 10, TIMEOUT);
    assertEquals(List.of("10000104", "10000103", "10000102", "10000101", "10000100"),
        rows.stream().map(BrowseRow::titleId).toList());
    List<BrowseRow> after = store.browse("war-test", rows.get(1), 2, TIMEOUT);
    assertEquals(List.of("10000102", "10000101"), after.stream().map(BrowseRow::titleId).toList());

    Title demoted = TestTitles.withGenres(TestTitles.movie("10000104", "W4", 1), war);
    store.upsertTitle(demoted);
    List<String> reordered = store.browse("war-test", null, 10, TIMEOUT).stream().map(BrowseRow::titleId).toList();
    assertEquals(List.of("10000103", "10000102", "10000101", "10000100", "10000104"), reordered);
    assertTrue(store.genres(TIMEOUT).contains(war));

    store.upsertTitle(demoted);  // the same title again keeps its browse rows
    assertEquals(reordered, store.browse("war-test", null, 10, TIMEOUT).stream().map(BrowseRow::titleId).toList());
  }

  @Test
  void assetsRoundTripThroughStoreAndCache() {
    Title title = TestTitles.movie("10000201", "Encoded", 1);
    store.upsertTitle(title);
    TitleAssets assets = new TitleAssets(title.id(), List.of(new MediaAsset("video/h264/1080p", "VIDEO",
        "video/h264/1080p/init.mp4", "avc1.640028", 1920, 1080, 5_800_000, null, 1234, "ab", 95.1)),
        "0123456789abcdef0123456789abcdef", Instant.parse("2026-11-26T00:00:00Z"));
    store.upsertAssets(assets);
    assertEquals(assets, store.assets(title.id(), TIMEOUT).orElseThrow());
    caches.assets().invalidate(title.id());
    assertEquals(assets, store.assets(title.id(), TIMEOUT).orElseThrow());
    assertTrue(store.assets("10000202", TIMEOUT).isEmpty());
  }

  @Test
  void changeLogListsWrittenTitlesInOrder() {
    UUID before = Uuids.startOf(System.currentTimeMillis() - 1000);
    store.upsertTitle(TestTitles.movie("10000301", "Changed One", 1));
    store.upsertTitle(TestTitles.movie("10000302", "Changed Two", 1));
    List<String> changed = store.changesSince(before, Instant.now()).stream()
        .map(CatalogStore.TitleChange::titleId).toList();
    assertTrue(changed.indexOf("10000301") >= 0 && changed.indexOf("10000301") < changed.indexOf("10000302"),
        changed.toString());
  }

  @Test
  void seedMarker() {
    assertTrue(store.seededTitles().isEmpty());
    store.markSeeded(42);
    assertEquals(42, store.seededTitles().orElseThrow());
  }

  /** Cache writes are asynchronous: read until everything known is a cache hit. */
  private static Map<String, Loaded<Title>> awaitCached(List<String> ids) {
    Map<String, Loaded<Title>> loaded = Map.of();
    for (int i = 0; i < 50; i++) {
      long hits = caches.titles().stats().hits();
      loaded = store.titles(ids, TIMEOUT);
      long known = loaded.values().stream().filter(l -> l.value() != null).count();
      if (caches.titles().stats().hits() - hits == known) {
        return loaded;
      }
      sleep(50);
    }
    return loaded;
  }

  /** Cache writes and deletes are asynchronous: delete until the write-through that preceded it is gone too. */
  static void evict(ReadThroughCache cache, String key) {
    for (int i = 0; i < 100 && !cache.getAll(List.of(key)).isEmpty(); i++) {
      cache.invalidate(key);
      sleep(50);
    }
    assertTrue(cache.getAll(List.of(key)).isEmpty(), key + " stayed in the cache");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
