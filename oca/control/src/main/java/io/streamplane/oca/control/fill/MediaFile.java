package io.streamplane.oca.control.fill;

import java.util.Set;
import java.util.regex.Pattern;

/** One file of a title's encoded media as the catalog lists it: where it lives in the title's folder, size, sha256. */
public record MediaFile(String path, long sizeBytes, String sha256Hex) {
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*){0,7}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** What appliances serve; anything else the encoder writes (reports, charts) stays at the origin. */
  private static final Set<String> SERVED = Set.of("m4s", "mp4", "mpd", "m3u8");

  /** Whether an appliance can hold this file: a path in the content layout, a served kind, and a checksum to verify. */
  public static boolean fillable(String path, long sizeBytes, String sha256Hex) {
    if (path == null || path.length() > 512 || !PATH.matcher(path).matches() || sizeBytes <= 0 || sha256Hex == null
        || !SHA256.matcher(sha256Hex).matches()) {
      return false;
    }
    int dot = path.lastIndexOf('.');
    return dot > path.lastIndexOf('/') && SERVED.contains(path.substring(dot + 1));
  }
}
