package io.streamplane.playback.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens for a session's manifest and licence URLs ({@code ?t=…}). Players cannot always add headers to
 * licence requests and the gateway's access token does not reach this endpoint, so the URL itself carries proof:
 * {@code base64url(v1|kid|session|account|expiry) "." base64url(HMAC-SHA256)}. Keys are shared by every replica and
 * can rotate (the first one signs, all verify).
 */
public final class SessionTokens {
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  /** What a valid token names. */
  public record Claims(String sessionId, String accountId, Instant expiresAt) {}

  private final String activeKey;
  private final Map<String, byte[]> keys;
  private final Clock clock;

  public SessionTokens(String keySpec, Clock clock) {
    Map<String, byte[]> parsed = new LinkedHashMap<>();
    for (String entry : keySpec.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("token keys look like kid=base64[,kid=base64]");
      }
      byte[] key = Base64.getDecoder().decode(entry.substring(eq + 1).trim());
      if (key.length < 16) {
        throw new IllegalArgumentException("token key " + entry.substring(0, eq) + " is shorter than 16 bytes");
      }
      parsed.put(entry.substring(0, eq).trim(), key);
    }
    this.activeKey = parsed.keySet().iterator().next();
    this.keys = Map.copyOf(parsed);
    this.clock = clock;
  }

  public String issue(String sessionId, String accountId, Instant expiresAt) {
    String payload = String.join("|", "v1", activeKey, sessionId, accountId, Long.toString(expiresAt.getEpochSecond()));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(mac(keys.get(activeKey), bytes));
  }

  /** The claims of a well-formed, correctly signed, unexpired token for {@code sessionId}; empty otherwise. */
  public Optional<Claims> verify(String token, String sessionId) {
    if (token == null || token.length() > 512) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      byte[] payload = DECODE.decode(token.substring(0, dot));
      byte[] signature = DECODE.decode(token.substring(dot + 1));
      String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
      if (fields.length != 5 || !"v1".equals(fields[0]) || !keys.containsKey(fields[1])) {
        return Optional.empty();
      }
      if (!MessageDigest.isEqual(mac(keys.get(fields[1]), payload), signature) || !fields[2].equals(sessionId)) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[4]));
      return clock.instant().isBefore(expires) ? Optional.of(new Claims(fields[2], fields[3], expires))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] mac(byte[] key, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
