package io.streamplane.identity.history;

import io.streamplane.platform.errors.ServiceException;
import java.util.regex.Pattern;

/** Catalog title and episode ids as the catalog defines them (up to 12 digits); checked before they reach the store. */
public final class CatalogIds {
  private static final Pattern ID = Pattern.compile("[0-9]{1,12}");

  private CatalogIds() {}

  public static String title(String id) {
    return require(id, "title");
  }

  /** Null or empty means no episode. */
  public static String episode(String id) {
    return id == null || id.isEmpty() ? null : require(id, "episode");
  }

  private static String require(String id, String what) {
    if (id == null || !ID.matcher(id).matches()) {
      String shown = id == null ? "null" : id.length() > 40 ? id.substring(0, 40) + "…" : id;
      throw ServiceException.badInput("malformed " + what + " id '" + shown.replaceAll("[^\\x20-\\x7e]", "?")
          + "': expected up to 12 digits");
    }
    return id;
  }
}
