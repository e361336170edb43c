package io.streamplane.catalog.graphql;

import com.netflix.graphql.dgs.DgsDataLoader;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.Loaded;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dataloader.MappedBatchLoader;

/** Every title lookup of a request goes through here: one cache bulk read (plus one store read) per batch. */
@DgsDataLoader(name = TitleDataLoader.NAME, maxBatchSize = 500)
public class TitleDataLoader implements MappedBatchLoader<String, Loaded<Title>> {
  public static final String NAME = "titles";

  private final CatalogStore store;
  private final Duration timeout;

  public TitleDataLoader(CatalogStore store, CatalogGraphqlSettings settings) {
    this.store = store;
    this.timeout = settings.storeTimeout();
  }

  @Override
  public CompletionStage<Map<String, Loaded<Title>>> load(Set<String> ids) {
    return CompletableFuture.completedFuture(store.titles(ids, timeout));
  }
}
