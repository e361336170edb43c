package io.streamplane.playback.play;

import java.util.Set;

/** What playback needs of a catalog title available in the caller's country. */
public record TitleInfo(String titleId, String name, int maturityLevel, String maturityLabel, Set<String> episodeIds) {
  public TitleInfo {
    episodeIds = Set.copyOf(episodeIds);
  }
}
