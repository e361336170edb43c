package io.streamplane.oca.access;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies appliance URL tokens. Steering signs a {@link Grant} for one playback; the appliance verifies the
 * token on every request. Plain Java on purpose: the control plane signs with this same class.
 *
 * <p>Token text: {@code base64url(payload) "." base64url(HMAC-SHA256(key[kid], payload))}, where payload is the lines
 * {@code v1, kid, expiry epoch seconds, session, client prefix, path prefix}. The token travels as a path segment
 * ({@code /s/<token>/titles/...}) so that relative segment URLs in a manifest keep it.
 */
public final class UrlSigner {

  /** Longest token accepted; bounds the work an attacker can cause per request. */
  public static final int MAX_TOKEN_CHARS = 1024;

  private static final String VERSION = "v1";
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern PATH_PREFIX = Pattern.compile("/[A-Za-z0-9._/-]{0,254}/");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a token allows: paths under {@code pathPrefix}, until {@code expiresAt}, for clients in {@code clientPrefix}. */
  public record Grant(String pathPrefix, Instant expiresAt, String session, CidrBlock clientPrefix) {
    public Grant {
      if (pathPrefix == null || !PATH_PREFIX.matcher(pathPrefix).matches() || pathPrefix.contains("..")) {
        throw new IllegalArgumentException("path prefix must start and end with '/': '" + pathPrefix + "'");
      }
      if (session == null || !SESSION.matcher(session).matches()) {
        throw new IllegalArgumentException("session must match " + SESSION.pattern());
      }
      if (expiresAt == null || clientPrefix == null) {
        throw new IllegalArgumentException("expiry and client prefix are required");
      }
      expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
    }
  }

  /** Why a token was refused; for logs and metrics only, never for the client. */
  public enum Rejection { MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, PATH_MISMATCH, CLIENT_MISMATCH }

  /** The outcome of a verification: either the grant or the reason it was refused. */
  public record Verdict(Grant grant, Rejection rejection) {
    public boolean accepted() {
      return grant != null;
    }
  }

  /** Verified tokens kept so that a player's segment requests skip the HMAC; cleared whole when full. */
  private static final int VERIFIED_CACHE_ENTRIES = 16_384;

  private final SigningKeys keys;
  private final Clock clock;
  // Signature and syntax checks only: expiry, path and client are evaluated on every request.
  private final Map<String, Grant> verified = new ConcurrentHashMap<>();
  // Mac instances are not thread-safe and costly to create; one per thread and key id.
  private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

  public UrlSigner(SigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public String sign(Grant grant) {
    String keyId = keys.activeKeyId();
    String payload = String.join("\n", VERSION, keyId, Long.toString(grant.expiresAt().getEpochSecond()),
        grant.session(), grant.clientPrefix().toString(), grant.pathPrefix());
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(keyId).orElseThrow().doFinal(bytes));
  }

  /** Checks the token for a request of {@code path} (the raw request path after the token) from {@code client}. */
  public Verdict verify(String token, String path, InetAddress client) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return rejected(Rejection.MALFORMED);
    }
    Grant cached = verified.get(token);
    if (cached != null) {
      return check(cached, path, client);
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return rejected(Rejection.MALFORMED);
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return rejected(Rejection.MALFORMED);
    }
    String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (fields.length != 6 || !VERSION.equals(fields[0])) {
      return rejected(Rejection.MALFORMED);
    }
    Optional<Mac> mac = mac(fields[1]);
    if (mac.isEmpty()) {
      return rejected(Rejection.UNKNOWN_KEY);
    }
    if (!MessageDigest.isEqual(mac.get().doFinal(payload), signature)) {
      return rejected(Rejection.BAD_SIGNATURE);
    }
    Grant grant;
    try {
      grant = new Grant(fields[5], Instant.ofEpochSecond(Long.parseLong(fields[2])), fields[3],
          CidrBlock.parse(fields[4]));
    } catch (IllegalArgumentException e) {
      return rejected(Rejection.MALFORMED);
    }
    if (verified.size() >= VERIFIED_CACHE_ENTRIES) {
      verified.clear();
    }
    verified.put(token, grant);
    return check(grant, path, client);
  }

  private Verdict check(Grant grant, String path, InetAddress client) {
    if (!clock.instant().isBefore(grant.expiresAt())) {
      return rejected(Rejection.EXPIRED);
    }
    if (!path.startsWith(grant.pathPrefix())) {
      return rejected(Rejection.PATH_MISMATCH);
    }
    if (!grant.clientPrefix().contains(client)) {
      return rejected(Rejection.CLIENT_MISMATCH);
    }
    return new Verdict(grant, null);
  }

  private static Verdict rejected(Rejection rejection) {
    return new Verdict(null, rejection);
  }

  private Optional<Mac> mac(String keyId) {
    Map<String, Mac> perThread = macs.get();
    Mac cached = perThread.get(keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> key = keys.key(keyId);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      perThread.put(keyId, mac);
      return Optional.of(mac);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
