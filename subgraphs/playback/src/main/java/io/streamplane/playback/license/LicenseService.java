package io.streamplane.playback.license;

import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.playback.lease.StreamLeases;
import io.streamplane.playback.play.PlaybackRefusal;
import io.streamplane.playback.session.PlaybackSession;
import io.streamplane.playback.session.SessionStore;
import io.streamplane.playback.session.SessionTokens;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * W3C EME ClearKey licences (EME §9.1.4): {@code {"kids":[b64url],"type":"temporary"}} in, {@code {"keys":[{"kty":
 * "oct","kid":b64url,"k":b64url}],"type":"temporary"}} out. Keys are issued only to a holder of the session's token,
 * only while the session holds its stream lease, and only for key ids of the session's title.
 */
public final class LicenseService {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final int MAX_BODY = 8 * 1024;
  private static final int MAX_KIDS = 16;
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final SessionTokens tokens;
  private final SessionStore sessions;
  private final StreamLeases leases;
  private final TitleKeys keys;
  private final LicenseRateLimiter limiter;

  public LicenseService(SessionTokens tokens, SessionStore sessions, StreamLeases leases, TitleKeys keys,
      LicenseRateLimiter limiter) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.leases = leases;
    this.keys = keys;
    this.limiter = limiter;
  }

  /** The licence JSON; refusals are {@link PlaybackRefusal}s with stable reasons. */
  public String license(String sessionId, String token, byte[] body) {
    if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
      throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_SESSION_ID", "the session id in the licence URL is malformed");
    }
    SessionTokens.Claims claims = tokens.verify(token, sessionId).orElseThrow(() -> refusal(
        ErrorCode.UNAUTHENTICATED, "LICENSE_TOKEN_INVALID",
        "the licence URL's token is missing, expired or not for this session; use the licenseUrl startPlayback returned"));
    if (!limiter.tryAcquire(sessionId)) {
      throw refusal(ErrorCode.RATE_LIMITED, "RATE_LIMITED", "too many licence requests for this session; retry in a minute");
    }
    List<String> kidsHex = parseRequest(body);
    PlaybackSession session = sessions.find(sessionId).filter(s -> s.accountId().equals(claims.accountId()))
        .orElseThrow(() -> refusal(ErrorCode.NOT_FOUND, "SESSION_NOT_FOUND", "no such playback session"));
    if (session.stoppedAt() != null || !leases.isHeld(session.lease())) {
      throw refusal(ErrorCode.FORBIDDEN, "SESSION_NOT_LIVE",
          "this playback session has ended (stopped or no heartbeat in time); start a new one");
    }
    for (String kid : kidsHex) {
      if (!session.keyIds().contains(kid)) {
        throw refusal(ErrorCode.FORBIDDEN, "KEY_NOT_IN_TITLE",
            "key id " + kid + " does not belong to the title of this session");
      }
    }
    Map<String, byte[]> found = keys.keys(session.titleId(), kidsHex);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("keys");
    for (String kid : kidsHex) {
      byte[] key = found.get(kid);
      if (key == null) {
        throw refusal(ErrorCode.UNAVAILABLE, "KEY_UNAVAILABLE", "the key store has no key " + kid + " for this title");
      }
      list.addObject().put("kty", "oct").put("kid", B64URL.encodeToString(HexFormat.of().parseHex(kid)))
          .put("k", B64URL.encodeToString(key));
    }
    response.put("type", "temporary");
    return JSON.writeValueAsString(response);
  }

  /** Key ids of the request as lower-case hex, de-duplicated, in request order. */
  static List<String> parseRequest(byte[] body) {
    if (body == null || body.length == 0 || body.length > MAX_BODY) {
      throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_LICENSE_REQUEST", "the licence request must be ClearKey JSON "
          + "{\"kids\":[...],\"type\":\"temporary\"} of at most " + MAX_BODY + " bytes");
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JacksonException e) {
      throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_LICENSE_REQUEST", "the licence request is not JSON");
    }
    JsonNode kids = request.path("kids");
    String type = request.path("type").asString("temporary");
    if (!kids.isArray() || kids.isEmpty() || kids.size() > MAX_KIDS) {
      throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_LICENSE_REQUEST",
          "kids must be an array of 1 to " + MAX_KIDS + " base64url key ids");
    }
    if (!type.equals("temporary")) {
      throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_LICENSE_REQUEST", "only temporary licences are issued");
    }
    Map<String, Boolean> ids = new LinkedHashMap<>();
    for (JsonNode kid : kids) {
      byte[] bytes;
      try {
        bytes = kid.isString() ? Base64.getUrlDecoder().decode(kid.asString()) : null;
      } catch (IllegalArgumentException e) {
        bytes = null;
      }
      if (bytes == null || bytes.length != 16) {
        throw refusal(ErrorCode.BAD_USER_INPUT, "BAD_LICENSE_REQUEST", "every kid must be 16 bytes in base64url");
      }
      ids.put(HexFormat.of().formatHex(bytes), true);
    }
    return new ArrayList<>(ids.keySet());
  }

  private static PlaybackRefusal refusal(ErrorCode code, String reason, String message) {
    return new PlaybackRefusal(code, reason, message);
  }
}
