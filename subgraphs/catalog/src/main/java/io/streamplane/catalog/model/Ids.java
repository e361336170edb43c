package io.streamplane.catalog.model;

import io.streamplane.platform.errors.ServiceException;
import java.util.regex.Pattern;

/** Title and episode ids are decimal numbers of up to 12 digits, as in the public catalog. */
public final class Ids {
  private static final Pattern ID = Pattern.compile("[0-9]{1,12}");

  private Ids() {}

  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public static String require(String id, String what) {
    if (!valid(id)) {
      throw ServiceException.badInput("malformed " + what + " id '" + abbreviate(id) + "': expected up to 12 digits");
    }
    return id;
  }

  private static String abbreviate(String value) {
    if (value == null) {
      return "null";
    }
    String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
