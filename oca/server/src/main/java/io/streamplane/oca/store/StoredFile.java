package io.streamplane.oca.store;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A file found in the store with the validators served for it. The ETag is strong and changes whenever the file is
 * replaced: fills always write a new inode (temp file + rename), and size and modification time are folded in too.
 * {@code lastModifiedHttp} is the HTTP-date form, formatted once per file version rather than per request.
 */
public record StoredFile(Path file, long size, Instant lastModified, String etag, String lastModifiedHttp) {

  // IMF-fixdate (RFC 9110 §5.6.7): two-digit day, unlike DateTimeFormatter.RFC_1123_DATE_TIME.
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  public StoredFile(Path file, long size, Instant lastModified, String etag) {
    this(file, size, lastModified, etag,
        HTTP_DATE.format(lastModified));
  }
}
