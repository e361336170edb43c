package io.streamplane.playback.play;

import java.util.Optional;

/** The catalog, as playback uses it. */
public interface TitleDirectory {
  /** The title if it exists and is available in the country now; empty otherwise. */
  Optional<TitleInfo> find(String titleId, String country);

  /** The title's encoded media; empty when the farm has not published any. */
  Optional<TitleMedia> media(String titleId);
}
