package io.streamplane.playback.play;

import io.streamplane.playback.manifest.Source;
import java.util.List;

/** The OCA control plane's steering: ranked, signed sources for one session of one title, best first. */
public interface Steering {
  List<Source> steer(String titleId, String clientAddress, String sessionId);
}
