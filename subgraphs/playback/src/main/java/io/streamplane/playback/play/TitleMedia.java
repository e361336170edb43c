package io.streamplane.playback.play;

import java.util.List;

/**
 * A title's encoded media as the catalog knows it: paths of the DASH manifest and HLS master playlist inside the
 * title's origin folder (null when absent) and the CENC key ids (hex; empty for a clear title).
 */
public record TitleMedia(String dashPath, String hlsPath, List<String> keyIds) {
  public TitleMedia {
    keyIds = List.copyOf(keyIds);
  }

  public boolean encrypted() {
    return !keyIds.isEmpty();
  }
}
