package io.streamplane.playback.http;

import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.license.LicenseService;
import io.streamplane.playback.play.PlaybackRefusal;
import io.streamplane.playback.play.PlaybackService;
import io.streamplane.playback.session.PlaybackSession;
import io.streamplane.playback.session.SessionStore;
import io.streamplane.playback.session.SessionTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What players fetch directly (not through GraphQL): the session's manifests and the ClearKey licence. Every URL
 * carries the session token ({@code ?t=}), so any origin may call them (CORS open, no cookies); errors are JSON
 * {@code {"error":{"code","reason","message"}}} with a matching HTTP status.
 */
@RestController
@CrossOrigin(origins = "*", allowCredentials = "false", maxAge = 600)
public class PlaybackHttpController {
  private static final Logger log = LoggerFactory.getLogger(PlaybackHttpController.class);
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final MediaType DASH = MediaType.parseMediaType("application/dash+xml");
  private static final MediaType HLS = MediaType.parseMediaType("application/vnd.apple.mpegurl");

  private final SessionTokens tokens;
  private final SessionStore sessions;
  private final PlaybackService playback;
  private final LicenseService licenses;

  public PlaybackHttpController(SessionTokens tokens, SessionStore sessions, PlaybackService playback,
      LicenseService licenses) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.playback = playback;
    this.licenses = licenses;
  }

  @GetMapping("/playback/sessions/{sessionId}/manifest.mpd")
  public ResponseEntity<String> dash(@PathVariable String sessionId, @RequestParam(name = "t", required = false) String t) {
    return ResponseEntity.ok().contentType(DASH).header("cache-control", "private, no-store")
        .body(playback.dashManifest(session(sessionId, t), t));
  }

  @GetMapping({"/playback/sessions/{sessionId}/manifest.m3u8", "/playback/sessions/{sessionId}/master.m3u8"})
  public ResponseEntity<String> hls(@PathVariable String sessionId, @RequestParam(name = "t", required = false) String t) {
    String master = playback.hlsMaster(session(sessionId, t)).orElseThrow(() -> new PlaybackRefusal(
        ErrorCode.NOT_FOUND, "NO_HLS", "this title has no HLS playlists"));
    return ResponseEntity.ok().contentType(HLS).header("cache-control", "private, no-store").body(master);
  }

  @PostMapping(value = "/playback/sessions/{sessionId}/license")
  public ResponseEntity<String> license(@PathVariable String sessionId,
      @RequestParam(name = "t", required = false) String t, @RequestBody(required = false) byte[] body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("cache-control", "no-store")
        .body(licenses.license(sessionId, t, body));
  }

  private PlaybackSession session(String sessionId, String token) {
    if (!SESSION_ID.matcher(sessionId).matches()) {
      throw new PlaybackRefusal(ErrorCode.BAD_USER_INPUT, "BAD_SESSION_ID", "malformed session id");
    }
    SessionTokens.Claims claims = tokens.verify(token, sessionId).orElseThrow(() -> new PlaybackRefusal(
        ErrorCode.UNAUTHENTICATED, "SESSION_TOKEN_INVALID", "the URL's token is missing, expired or not for this session"));
    PlaybackSession session = sessions.find(sessionId).filter(s -> s.accountId().equals(claims.accountId()))
        .orElseThrow(() -> new PlaybackRefusal(ErrorCode.NOT_FOUND, "SESSION_NOT_FOUND", "no such playback session"));
    if (session.stoppedAt() != null) {
      throw new PlaybackRefusal(ErrorCode.FORBIDDEN, "SESSION_NOT_LIVE", "this playback was stopped");
    }
    return session;
  }

  @ExceptionHandler(ServiceException.class)
  public ResponseEntity<Map<String, Object>> refused(ServiceException e) {
    String reason = e instanceof PlaybackRefusal refusal ? refusal.reason() : e.code().name();
    HttpStatus status = switch (e.code()) {
      case BAD_USER_INPUT -> HttpStatus.BAD_REQUEST;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code().name());
    error.put("reason", reason);
    error.put("message", e.getMessage());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (status == HttpStatus.TOO_MANY_REQUESTS) {
      response.header("retry-after", "60");
    }
    return response.body(Map.of("error", error));
  }

  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, Object>> unexpected(RuntimeException e) {
    log.error("unexpected failure on a playback endpoint", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", Map.of("code", "INTERNAL", "reason", "INTERNAL", "message", "Internal error")));
  }
}
