package io.streamplane.catalog.seed;

import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.CatalogStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the demo catalog once per keyspace. Seeding is idempotent (deterministic data, plain upserts), so two replicas
 * starting together or a crash half-way only repeat writes; the marker is written last.
 */
public final class DemoSeeder {
  private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
  private static final int IN_FLIGHT = 64;

  private DemoSeeder() {}

  public static void seedIfNeeded(CatalogStore store, int titles) {
    if (titles <= 0) {
      return;
    }
    Integer seeded = store.seededTitles().orElse(null);
    if (seeded != null && seeded == titles) {
      log.info("demo catalog already seeded ({} titles)", seeded);
      return;
    }
    long start = System.nanoTime();
    List<Title> catalog = DemoCatalog.generate(titles);
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Instant at = Instant.now();
    for (Title title : catalog) {
      if (failure.get() != null) {
        break;
      }
      inFlight.acquireUninterruptibly();
      store.insertAsync(title, at).whenComplete((ok, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
        inFlight.release();
      });
    }
    inFlight.acquireUninterruptibly(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("seeding the demo catalog failed", failure.get());
    }
    store.invalidateGenres();
    store.markSeeded(titles);
    log.info("seeded {} demo titles in {} ms", titles, (System.nanoTime() - start) / 1_000_000);
  }
}
