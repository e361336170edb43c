package io.streamplane.catalog.graphql;

import com.netflix.graphql.dgs.DgsDataLoader;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.Loaded;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dataloader.MappedBatchLoader;

/** Episode lookups of a request, one bulk read per batch. */
@DgsDataLoader(name = EpisodeDataLoader.NAME, maxBatchSize = 500)
public class EpisodeDataLoader implements MappedBatchLoader<String, Loaded<Episode>> {
  public static final String NAME = "episodes";

  private final CatalogStore store;
  private final Duration timeout;

  public EpisodeDataLoader(CatalogStore store, CatalogGraphqlSettings settings) {
    this.store = store;
    this.timeout = settings.storeTimeout();
  }

  @Override
  public CompletionStage<Map<String, Loaded<Episode>>> load(Set<String> ids) {
    return CompletableFuture.completedFuture(store.episodes(ids, timeout));
  }
}
