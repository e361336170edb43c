package io.streamplane.playback.manifest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A session MPD with its per-session parts still open: where the ranked {@code BaseURL}s go and where the licence URL
 * goes. Rendering is string concatenation, so a start pays for the XML work only the first time a title is cut for a
 * device profile.
 */
public final class DashTemplate {
  static final String BASE_URL_MARK = "streamplane:session-base-url";
  static final String LICENSE_URL_MARK = "streamplane:session-license-url";
  /** What follows each {@code BaseURL} element: a new line at the MPD's child indentation. */
  static final String BASE_URL_SEPARATOR = "\n  ";

  private final String[] beforeBases;
  private final String baseOpen;
  private final String baseClose;
  private final String[] afterBases;
  private final int length;

  private DashTemplate(String[] beforeBases, String baseOpen, String baseClose, String[] afterBases, int length) {
    this.beforeBases = beforeBases;
    this.baseOpen = baseOpen;
    this.baseClose = baseClose;
    this.afterBases = afterBases;
    this.length = length;
  }

  /** Splits a serialised MPD that holds exactly one marked {@code BaseURL} element and any number of licence marks. */
  static DashTemplate of(String serialised) {
    int mark = serialised.indexOf(BASE_URL_MARK);
    int open = serialised.lastIndexOf('<', mark);
    int close = serialised.indexOf(BASE_URL_SEPARATOR, mark);
    if (mark < 0 || open < 0 || close < 0 || serialised.indexOf(BASE_URL_MARK, mark + 1) >= 0) {
      throw new IllegalStateException("a cut MPD holds one BaseURL marker");
    }
    int end = close + BASE_URL_SEPARATOR.length();
    Pattern license = Pattern.compile(Pattern.quote(LICENSE_URL_MARK));
    return new DashTemplate(license.split(serialised.substring(0, open), -1), serialised.substring(open, mark),
        serialised.substring(mark + BASE_URL_MARK.length(), end), license.split(serialised.substring(end), -1),
        serialised.length());
  }

  /** The session's MPD: one {@code BaseURL} per source, best first, and the licence URL (null when unencrypted). */
  public String render(List<Source> sources, String licenseUrl) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a session manifest needs at least one source");
    }
    boolean needsLicense = beforeBases.length + afterBases.length > 2;
    if (needsLicense && licenseUrl == null) {
      throw new IllegalArgumentException("this manifest was cut for an encrypted title; give the licence URL");
    }
    String license = licenseUrl == null ? "" : escape(licenseUrl);
    StringBuilder out = new StringBuilder(length + sources.size() * 160 + 4 * license.length());
    join(out, beforeBases, license);
    for (Source source : sources) {
      out.append(baseOpen).append(escape(source.url())).append(baseClose);
    }
    join(out, afterBases, license);
    return out.toString();
  }

  private static void join(StringBuilder out, String[] parts, String license) {
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(license);
      }
      out.append(parts[i]);
    }
  }

  /** XML text content: URLs carry {@code &} between query parameters. */
  private static String escape(String text) {
    if (text.indexOf('&') < 0 && text.indexOf('<') < 0 && text.indexOf('>') < 0) {
      return text;
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
