package io.streamplane.oca.serve;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Conditional GET and HEAD (RFC 9110 §13): {@code If-None-Match}, {@code If-Modified-Since} and {@code If-Range}. */
public final class Preconditions {

  private Preconditions() {
  }

  /**
   * True when the client's copy is current and a 304 is due. {@code If-None-Match} uses the weak comparison and, when
   * present, makes {@code If-Modified-Since} irrelevant.
   */
  public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
    if (ifNoneMatch != null) {
      return matchesAny(ifNoneMatch, etag, false);
    }
    if (ifModifiedSince != null) {
      Optional<Instant> since = httpDate(ifModifiedSince);
      return since.isPresent() && lastModified.getEpochSecond() <= since.get().getEpochSecond();
    }
    return false;
  }

  /**
   * True when a {@code Range} may be honoured given {@code If-Range}: absent, or naming the current representation
   * by strong ETag or by exact {@code Last-Modified} date.
   */
  public static boolean rangeAllowed(String ifRange, String etag, Instant lastModified) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return matchesAny(value, etag, true);
    }
    Optional<Instant> date = httpDate(value);
    return date.isPresent() && date.get().getEpochSecond() == lastModified.getEpochSecond();
  }

  private static boolean matchesAny(String list, String etag, boolean strong) {
    String ours = opaque(etag);
    for (String candidate : list.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return !strong;
      }
      if (strong && tag.startsWith("W/")) {
        continue;
      }
      if (opaque(tag).equals(ours)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  static Optional<Instant> httpDate(String text) {
    try {
      return Optional.of(ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
