package io.streamplane.identity.profile;

import io.streamplane.platform.errors.ServiceException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** What a valid profile is: a name, a language, and a maturity limit that kids profiles may not exceed. */
public final class ProfileRules {
  public static final int MAX_PROFILES = 5;
  /** Catalog maturity levels (minimum viewer age). */
  public static final Set<Integer> MATURITY_LEVELS = Set.of(0, 7, 13, 16, 18);
  public static final int KIDS_DEFAULT_LIMIT = 7;
  public static final int KIDS_MAX_LIMIT = 13;
  public static final int ADULT_LIMIT = 18;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

  private ProfileRules() {}

  /** A validated new profile; a null maturity limit takes the default for its kind. */
  public static Profile newProfile(UUID account, String name, boolean kids, Integer maturityLimit, String language) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > 40) {
      throw ServiceException.badInput("a profile name has 1 to 40 characters");
    }
    String lang = language == null || language.isBlank() ? "en" : language.strip();
    if (!LANGUAGE.matcher(lang).matches()) {
      throw ServiceException.badInput("language must be a BCP 47 tag like en or pt-BR, got '" + lang + "'");
    }
    int limit = maturityLimit != null ? maturityLimit : kids ? KIDS_DEFAULT_LIMIT : ADULT_LIMIT;
    if (!MATURITY_LEVELS.contains(limit)) {
      throw ServiceException.badInput("maturityLimit must be one of " + MATURITY_LEVELS.stream().sorted().toList());
    }
    if (kids && limit > KIDS_MAX_LIMIT) {
      throw ServiceException.badInput("a kids profile's maturityLimit is at most " + KIDS_MAX_LIMIT);
    }
    return new Profile(account, UUID.randomUUID(), trimmed, kids, limit, lang);
  }

  public static UUID parseId(String id, String what) {
    try {
      return UUID.fromString(id == null ? "" : id.trim());
    } catch (IllegalArgumentException e) {
      throw ServiceException.badInput(what + " must be a UUID, got '" + id + "'");
    }
  }
}
