package io.streamplane.playback.session;

import io.streamplane.playback.lease.Lease;
import io.streamplane.playback.manifest.DeviceProfile;
import io.streamplane.playback.manifest.Source;
import java.time.Instant;
import java.util.List;

/**
 * One playback: who watches what, the stream slot it holds, the title's key ids (the only ones its licences may
 * carry), the ranked sources steering gave it and what its device may play. Its manifests are made again from these
 * when the player fetches them (a few hundred bytes per session instead of the manifests' kilobytes, which kept
 * Cassandra flushing and compacting under load). {@code stoppedAt} is null while the player has not stopped.
 */
public record PlaybackSession(String sessionId, String accountId, String profileId, String titleId, String episodeId,
    int slot, List<String> keyIds, List<Source> sources, DeviceProfile device, Instant startedAt, Instant stoppedAt) {

  public PlaybackSession {
    keyIds = List.copyOf(keyIds);
    sources = List.copyOf(sources);
  }

  public Lease lease() {
    return new Lease(accountId, slot, sessionId);
  }
}
