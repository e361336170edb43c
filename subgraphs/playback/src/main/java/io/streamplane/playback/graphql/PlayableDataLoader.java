package io.streamplane.playback.graphql;

import com.netflix.graphql.dgs.DgsDataLoader;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.play.TitleDirectory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.dataloader.MappedBatchLoader;

/** Title.playbackAvailable for a whole batch: the catalog's asset lookups run side by side. */
@DgsDataLoader(name = PlayableDataLoader.NAME, maxBatchSize = 100)
public class PlayableDataLoader implements MappedBatchLoader<String, Boolean> {
  public static final String NAME = "playable";

  private final TitleDirectory titles;
  private final Executor executor;

  public PlayableDataLoader(TitleDirectory titles, Executor playbackExecutor) {
    this.titles = titles;
    this.executor = playbackExecutor;
  }

  @Override
  public CompletionStage<Map<String, Boolean>> load(Set<String> ids) {
    Map<String, CompletableFuture<Boolean>> lookups = new HashMap<>();
    for (String id : ids) {
      lookups.put(id, CompletableFuture.supplyAsync(() -> {
        try {
          return titles.media(id).map(m -> m.dashPath() != null).orElse(false);
        } catch (ServiceException e) {
          return null;   // unknown while the catalog is down: the field errors, the rest of the response stands
        }
      }, executor));
    }
    return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Boolean> result = new HashMap<>();
      lookups.forEach((id, f) -> result.put(id, f.join()));
      return result;
    });
  }
}
