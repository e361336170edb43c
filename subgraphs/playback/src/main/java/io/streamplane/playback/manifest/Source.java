package io.streamplane.playback.manifest;

/**
 * Where a session fetches its segments, from steering: {@code url} is the appliance's signed prefix of the title's
 * folder (ends with '/'), so asset paths are appended to it.
 */
public record Source(String applianceId, String url, String reason) {
  public Source {
    if (url == null || !url.endsWith("/")) {
      throw new IllegalArgumentException("a source URL ends with '/': " + url);
    }
  }
}
