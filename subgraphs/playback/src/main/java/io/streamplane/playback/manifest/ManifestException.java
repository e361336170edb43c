package io.streamplane.playback.manifest;

/** The title's manifest cannot be read or leaves nothing this device can play. */
public final class ManifestException extends RuntimeException {
  /** Why: {@code NO_PLAYABLE_RENDITION} (device/plan filter left no video) or {@code BAD_MANIFEST} (unreadable). */
  private final String reason;

  public ManifestException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
