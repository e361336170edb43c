package io.streamplane.oca.access;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HMAC keys by key id. Several keys are accepted at once so that keys can be rotated: steering starts signing with a
 * new key while tokens signed with the previous one are still valid. The first key is the one used for signing.
 */
public final class SigningKeys {

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int MIN_KEY_BYTES = 16;

  private final String activeKeyId;
  private final Map<String, byte[]> keys;

  public SigningKeys(String activeKeyId, Map<String, byte[]> keys) {
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("the active key id '" + activeKeyId + "' has no key");
    }
    Map<String, byte[]> copy = new LinkedHashMap<>();
    keys.forEach((id, key) -> {
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("key id must match " + KEY_ID.pattern() + ": '" + id + "'");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("key '" + id + "' is shorter than " + MIN_KEY_BYTES + " bytes");
      }
      copy.put(id, key.clone());
    });
    this.activeKeyId = activeKeyId;
    this.keys = copy;
  }

  /** Parses {@code kid=base64,kid2=base64}; the first entry signs, all verify. */
  public static SigningKeys parse(String text) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String first = null;
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("signing key must look like kid=base64: '" + entry.trim() + "'");
      }
      String id = entry.substring(0, eq).trim();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(eq + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("signing key '" + id + "' is not valid base64");
      }
      if (keys.put(id, key) != null) {
        throw new IllegalArgumentException("signing key id '" + id + "' appears twice");
      }
      if (first == null) {
        first = id;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("at least one signing key is needed");
    }
    return new SigningKeys(first, keys);
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  Optional<byte[]> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }
}
