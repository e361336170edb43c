package io.streamplane.identity.account;

import io.streamplane.platform.errors.ServiceException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as account names: trimmed, lower-cased, and of a plausible shape. */
public final class Emails {
  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,190}\\.?[A-Za-z0-9-]*");

  private Emails() {}

  public static String normalise(String email) {
    String value = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (value.length() > 254 || !SHAPE.matcher(value).matches() || value.startsWith("@")) {
      throw ServiceException.badInput("email must be an address like name@example.com");
    }
    return value;
  }
}
