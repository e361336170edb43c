package io.streamplane.oca.serve;

import java.time.Duration;
import java.util.Map;

/** MIME types and cache lifetimes of the served file kinds (see ContentPath.SERVED_EXTENSIONS). */
final class MediaTypes {

  private static final Map<String, String> TYPES = Map.of(
      "m4s", "video/iso.segment",
      "mp4", "video/mp4",
      "mpd", "application/dash+xml",
      "m3u8", "application/vnd.apple.mpegurl");

  // Segments never change once packaged (a re-encode gets new names); manifests may be re-published.
  private static final String SEGMENT_CACHE = "public, max-age=" + Duration.ofDays(365).toSeconds() + ", immutable";
  private static final String MANIFEST_CACHE = "public, max-age=" + Duration.ofMinutes(5).toSeconds();

  private MediaTypes() {
  }

  static String contentType(String extension) {
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }

  static String cacheControl(String extension) {
    return extension.equals("mpd") || extension.equals("m3u8") ? MANIFEST_CACHE : SEGMENT_CACHE;
  }
}
