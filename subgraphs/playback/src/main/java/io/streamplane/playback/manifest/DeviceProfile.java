package io.streamplane.playback.manifest;

import java.util.List;
import java.util.Locale;

/**
 * What one playback may receive: the device's decoders (RFC 6381 codec strings or families such as {@code avc1}),
 * the tallest picture allowed (already the smaller of the plan's and the device's), and whether HDR is allowed (plan
 * and device both).
 */
public record DeviceProfile(List<String> codecs, int maxHeight, boolean hdr) {

  public DeviceProfile {
    codecs = codecs.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty()).toList();
    if (maxHeight <= 0) {
      throw new IllegalArgumentException("maxHeight must be positive");
    }
  }

  /**
   * Whether every codec of a rendition's list ({@code "avc1.64001f,mp4a.40.2"}) can be decoded: a device entry
   * matches the same string or the family before the first dot.
   */
  public boolean decodesAll(String codecList) {
    if (codecList == null || codecList.isBlank()) {
      return false;
    }
    for (String codec : codecList.split(",")) {
      if (!decodes(codec.trim().toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  private boolean decodes(String codec) {
    int dot = codec.indexOf('.');
    String family = dot < 0 ? codec : codec.substring(0, dot);
    for (String supported : codecs) {
      if (supported.equals(codec) || supported.equals(family)) {
        return true;
      }
    }
    return false;
  }
}
