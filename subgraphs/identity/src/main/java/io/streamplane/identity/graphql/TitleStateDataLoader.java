package io.streamplane.identity.graphql;

import com.netflix.graphql.dgs.DgsDataLoader;
import com.netflix.graphql.dgs.context.DgsContext;
import io.streamplane.identity.account.Members;
import io.streamplane.identity.history.ViewingRecord;
import io.streamplane.identity.history.ViewingStore;
import io.streamplane.platform.caller.Caller;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dataloader.BatchLoaderEnvironment;
import org.dataloader.MappedBatchLoaderWithContext;

/**
 * inMyList and resumePosition of every Title in a response, for the caller's profile: one profile check and two store
 * reads per batch (the gateway sends a whole list of titles as one {@code _entities} request).
 */
@DgsDataLoader(name = TitleStateDataLoader.NAME, maxBatchSize = ViewingStore.MAX_IDS)
public class TitleStateDataLoader implements MappedBatchLoaderWithContext<String, TitleState> {
  public static final String NAME = "titleState";

  private final Members members;
  private final ViewingStore viewing;

  public TitleStateDataLoader(Members members, ViewingStore viewing) {
    this.members = members;
    this.viewing = viewing;
  }

  @Override
  public CompletionStage<Map<String, TitleState>> load(Set<String> titleIds, BatchLoaderEnvironment env) {
    Caller caller = DgsContext.getCustomContext(env);
    Map<String, TitleState> states = new HashMap<>();
    if (caller == null || caller.accountId() == null || caller.profileId() == null) {
      titleIds.forEach(id -> states.put(id, TitleState.NONE));
      return CompletableFuture.completedFuture(states);
    }
    UUID profile = members.requireProfile(caller).id();
    Set<String> inList = viewing.contains(profile, titleIds);
    Map<String, ViewingRecord> positions = viewing.positions(profile, titleIds);
    titleIds.forEach(id -> states.put(id, new TitleState(inList.contains(id), positions.get(id))));
    return CompletableFuture.completedFuture(states);
  }
}
