package io.streamplane.oca.store;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A path in the documented content layout: {@code /titles/<titleId>/<dir>/.../<file>.<ext>}, stored at
 * {@code <store>/titles/<titleId>/<dir>/.../<file>.<ext>}. Every segment starts with a letter or digit and uses only
 * {@code [A-Za-z0-9._-]}, so {@code .}, {@code ..}, hidden files, percent-encoding and back-slashes never get through.
 */
public record ContentPath(String titleId, List<String> segments) {

  public static final String PREFIX = "/titles/";
  public static final int MAX_CHARS = 512;
  public static final int MAX_DEPTH = 8;
  /** The kinds of file an appliance serves; anything else (partial fills, notes) is never exposed. */
  public static final Set<String> SERVED_EXTENSIONS = Set.of("m4s", "mp4", "mpd", "m3u8");

  private static final String SEGMENT_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  private static final String TITLE_ID_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  public ContentPath {
    checkTitleId(titleId);
    segments = List.copyOf(segments);
    if (segments.isEmpty() || segments.size() > MAX_DEPTH) {
      throw new InvalidContentPathException("BAD_PATH", "a content path has 1 to " + MAX_DEPTH + " segments");
    }
    for (String segment : segments) {
      if (!matchesRule(segment, 128)) {
        throw new InvalidContentPathException("BAD_PATH", "path segments must match " + SEGMENT_RULE);
      }
    }
  }

  /** Returns the title id if it is valid in the layout; otherwise throws with code BAD_TITLE_ID. */
  public static String checkTitleId(String titleId) {
    if (titleId == null || !matchesRule(titleId, 64)) {
      throw new InvalidContentPathException("BAD_TITLE_ID", "title id must match " + TITLE_ID_RULE);
    }
    return titleId;
  }

  /** {@code [A-Za-z0-9][A-Za-z0-9._-]*} up to {@code maxChars}; by hand because it runs on every request. */
  private static boolean matchesRule(String text, int maxChars) {
    int length = text.length();
    if (length == 0 || length > maxChars || !letterOrDigit(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = text.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** Parses a raw (not percent-decoded) request path such as {@code /titles/80057281/video/720p/seg-00001.m4s}. */
  public static ContentPath parseRequestPath(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw new InvalidContentPathException("BAD_PATH", "content paths start with " + PREFIX);
    }
    if (rawPath.length() > MAX_CHARS) {
      throw new InvalidContentPathException("BAD_PATH", "content paths are at most " + MAX_CHARS + " characters");
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    if (parts.length < 2) {
      throw new InvalidContentPathException("BAD_PATH", "a content path names a title and a file in it");
    }
    return new ContentPath(parts[0], List.of(parts).subList(1, parts.length));
  }

  /** Parses the path of an asset relative to its title, as the control plane sends it in a fill. */
  public static ContentPath ofAsset(String titleId, String relativePath) {
    if (relativePath == null || relativePath.isEmpty() || relativePath.length() > MAX_CHARS) {
      throw new InvalidContentPathException("BAD_PATH", "an asset path is 1 to " + MAX_CHARS + " characters");
    }
    return new ContentPath(titleId, List.of(relativePath.split("/", -1)));
  }

  public String extension() {
    String file = segments.get(segments.size() - 1);
    int dot = file.lastIndexOf('.');
    return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  public boolean servable() {
    return SERVED_EXTENSIONS.contains(extension());
  }

  /** The path inside the title, e.g. {@code video/720p/seg-00001.m4s}. */
  public String relativePath() {
    return String.join("/", segments);
  }
}
