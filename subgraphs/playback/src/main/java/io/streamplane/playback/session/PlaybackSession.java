package io.streamplane.playback.session;

import io.streamplane.playback.lease.Lease;
import java.time.Instant;
import java.util.List;

/**
 * One playback: who watches what, the stream slot it holds, the title's key ids (the only ones its licences may
 * carry) and the manifests made for its device. {@code stoppedAt} is null while the player has not stopped.
 */
public record PlaybackSession(String sessionId, String accountId, String profileId, String titleId, String episodeId,
    int slot, List<String> keyIds, String dashManifest, String hlsMaster, Instant startedAt, Instant stoppedAt) {

  public PlaybackSession {
    keyIds = List.copyOf(keyIds);
  }

  public Lease lease() {
    return new Lease(accountId, slot, sessionId);
  }
}
