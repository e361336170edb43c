package io.streamplane.catalog.browse;

import io.streamplane.catalog.model.Ids;
import io.streamplane.catalog.store.BrowseRow;
import io.streamplane.platform.errors.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: the position (popularity, title id) of the last title of a page, versioned and base64url. */
public final class BrowseCursor {
  private static final String VERSION = "v1";
  private static final int MAX_LENGTH = 200;

  private BrowseCursor() {}

  public static String encode(BrowseRow row) {
    String raw = VERSION + ":" + Double.toString(row.popularity()) + ":" + row.titleId();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for a missing cursor; BAD_USER_INPUT for anything that is not one of ours. */
  public static BrowseRow decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      if (cursor.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("too long");
      }
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", -1);
      if (parts.length != 3 || !parts[0].equals(VERSION) || !Ids.valid(parts[2])) {
        throw new IllegalArgumentException("bad shape");
      }
      double popularity = Double.parseDouble(parts[1]);
      if (!Double.isFinite(popularity)) {
        throw new IllegalArgumentException("bad popularity");
      }
      return new BrowseRow(popularity, parts[2]);
    } catch (IllegalArgumentException e) {
      throw ServiceException.badInput("invalid cursor 'after': use the endCursor of a previous page");
    }
  }
}
