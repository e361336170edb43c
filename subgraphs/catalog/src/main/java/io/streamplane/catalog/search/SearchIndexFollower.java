package io.streamplane.catalog.search;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.Loaded;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds this replica's search index from the store and keeps it current by following the store's change log, so a
 * title written through any replica becomes searchable on every replica within a couple of seconds.
 */
public final class SearchIndexFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexFollower.class);
  /** Changes are re-read with this overlap: clocks of writers may be slightly apart. */
  private static final Duration OVERLAP = Duration.ofSeconds(5);

  private final CatalogStore store;
  private final TitleSearchIndex index;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "search-index-follower");
    t.setDaemon(true);
    return t;
  });
  private UUID lastSeen;

  public SearchIndexFollower(CatalogStore store, TitleSearchIndex index, Clock clock) {
    this.store = store;
    this.index = index;
    this.clock = clock;
  }

  /** Loads every title, then polls the change log every {@code period}. */
  public void start(Duration period) {
    lastSeen = Uuids.startOf(clock.millis() - OVERLAP.toMillis());
    long start = System.nanoTime();
    List<Title> batch = new ArrayList<>();
    store.forEachTitle(title -> {
      batch.add(title);
      if (batch.size() == 1000) {
        index.upsert(batch);
        batch.clear();
      }
    });
    index.upsert(batch);
    log.info("search index built: {} titles in {} ms", index.size(), (System.nanoTime() - start) / 1_000_000);
    scheduler.scheduleWithFixedDelay(this::followChanges, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void followChanges() {
    try {
      List<CatalogStore.TitleChange> changes = store.changesSince(lastSeen, clock.instant());
      if (changes.isEmpty()) {
        return;
      }
      Set<String> ids = new LinkedHashSet<>();
      changes.forEach(c -> ids.add(c.titleId()));
      store.forgetNear(ids);
      List<Title> changed = new ArrayList<>();
      for (Loaded<Title> loaded : store.titlesFromStore(ids, Duration.ofSeconds(5)).values()) {
        if (loaded.unavailable()) {
          return;  // try the same window again next time
        }
        if (loaded.value() != null) {
          changed.add(loaded.value());
        }
      }
      index.upsert(changed);
      lastSeen = changes.get(changes.size() - 1).changedAt();
    } catch (RuntimeException e) {
      log.warn("following the catalog change log failed, will retry: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
