package io.streamplane.playback.play;

import java.util.List;

/** What the player says it can do: codecs (RFC 6381 strings or families), tallest picture, HDR, EME key systems. */
public record DeviceCapabilities(List<String> codecs, int maxHeight, boolean hdr, List<String> keySystems) {
  public DeviceCapabilities {
    codecs = List.copyOf(codecs);
    keySystems = List.copyOf(keySystems);
  }
}
