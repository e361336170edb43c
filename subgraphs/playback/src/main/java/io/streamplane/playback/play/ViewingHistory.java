package io.streamplane.playback.play;

/** Identity's viewing history: the latest position of a profile in a title (or an episode of it). */
public interface ViewingHistory {
  void save(String accountId, String profileId, String titleId, String episodeId, long positionMs, long durationMs);
}
