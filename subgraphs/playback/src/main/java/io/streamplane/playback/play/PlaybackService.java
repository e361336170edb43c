package io.streamplane.playback.play;

import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.lease.Lease;
import io.streamplane.playback.lease.StreamLeases;
import io.streamplane.playback.manifest.DashTemplate;
import io.streamplane.playback.manifest.DashTemplates;
import io.streamplane.playback.manifest.DeviceProfile;
import io.streamplane.playback.manifest.HlsFilter;
import io.streamplane.playback.manifest.ManifestException;
import io.streamplane.playback.manifest.Source;
import io.streamplane.playback.session.PlaybackSession;
import io.streamplane.playback.session.SessionStore;
import io.streamplane.playback.session.SessionTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The play flow: who may watch what (identity, catalog), a stream lease, ranked sources (steering) and manifests cut
 * for the device; then heartbeats that keep the lease and save the position, and stop.
 */
public final class PlaybackService {
  public static final String CLEARKEY = "org.w3.clearkey";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern CODEC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
  private static final int MAX_CODECS = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Ports and settings. */
  public record Dependencies(Entitlements entitlements, TitleDirectory titles, OriginManifests origin,
      DashTemplates dashTemplates, Steering steering, ViewingHistory history, StreamLeases leases,
      SessionStore sessions, SessionTokens tokens, String publicUrl, Duration sessionTtl, Executor executor,
      Clock clock) {}

  private final Dependencies d;

  public PlaybackService(Dependencies dependencies) {
    this.d = dependencies;
  }

  public StartedPlayback start(Caller caller, String titleId, String episodeId, DeviceCapabilities device,
      String clientAddress) {
    requireProfile(caller);
    validate(titleId, episodeId, device);
    CompletableFuture<Entitlement> entitlement = CompletableFuture.supplyAsync(
        () -> d.entitlements().of(caller.accountId(), caller.profileId(), caller.sessionId()), d.executor());
    CompletableFuture<Optional<TitleInfo>> title = CompletableFuture.supplyAsync(
        () -> d.titles().find(titleId, caller.country()), d.executor());
    CompletableFuture<Optional<TitleMedia>> media = CompletableFuture.supplyAsync(
        () -> d.titles().media(titleId), d.executor());
    Entitlement plan = join(entitlement);
    TitleInfo info = join(title).orElseThrow(() -> new PlaybackRefusal(ErrorCode.NOT_FOUND, "TITLE_NOT_AVAILABLE",
        "title " + titleId + " does not exist or is not available in " + caller.country()));
    if (!plan.subscriptionActive()) {
      throw new PlaybackRefusal(ErrorCode.FORBIDDEN, "SUBSCRIPTION_INACTIVE", "the account has no active subscription");
    }
    if (episodeId != null && !info.episodeIds().contains(episodeId)) {
      throw new PlaybackRefusal(ErrorCode.NOT_FOUND, "EPISODE_NOT_FOUND",
          "title " + titleId + " has no episode " + episodeId);
    }
    if (info.maturityLevel() > plan.maturityLimit()) {
      throw new PlaybackRefusal(ErrorCode.FORBIDDEN, "MATURITY_RESTRICTED", "this profile may not watch titles rated "
          + info.maturityLabel());
    }
    TitleMedia assets = join(media).orElseThrow(() -> new PlaybackRefusal(ErrorCode.NOT_FOUND, "NOT_ENCODED",
        "title " + titleId + " has no playable media yet"));
    if (assets.dashPath() == null) {
      throw new PlaybackRefusal(ErrorCode.NOT_FOUND, "NOT_ENCODED", "title " + titleId + " has no DASH manifest");
    }
    if (assets.encrypted() && !device.keySystems().contains(CLEARKEY)) {
      throw new PlaybackRefusal(ErrorCode.BAD_USER_INPUT, "UNSUPPORTED_KEY_SYSTEM",
          "this title is encrypted; the device must support the " + CLEARKEY + " key system");
    }
    DeviceProfile profile = new DeviceProfile(device.codecs(), Math.min(plan.maxHeight(), device.maxHeight()),
        plan.hdr() && device.hdr());
    TitleManifests manifests = d.origin().load(titleId, assets);
    DashTemplate dashTemplate = cut(manifests.dash(), profile, assets.encrypted());

    String sessionId = newSessionId();
    Lease lease = d.leases().acquire(caller.accountId(), plan.maxConcurrentStreams(), sessionId, caller.profileId(),
        titleId).orElseThrow(() -> new PlaybackRefusal(ErrorCode.FORBIDDEN, "STREAM_LIMIT_REACHED",
            "the " + plan.plan() + " plan allows " + plan.maxConcurrentStreams()
                + " stream(s) at a time; stop another playback first"));
    try {
      List<Source> sources = d.steering().steer(titleId, clientAddress, sessionId);
      if (sources.isEmpty()) {
        throw ServiceException.unavailable("no source can serve this title right now", null);
      }
      Instant now = d.clock().instant();
      String token = d.tokens().issue(sessionId, caller.accountId(), now.plus(d.sessionTtl()));
      String base = sessionUrl(sessionId);
      String licenseUrl = licenseUrl(sessionId, token);
      String dash = dashTemplate.render(sources, assets.encrypted() ? licenseUrl : null);
      String hls = manifests.hlsMaster() == null ? null : HlsFilter.filter(manifests.hlsMaster(), profile, sources);
      d.sessions().save(new PlaybackSession(sessionId, caller.accountId(), caller.profileId(), titleId, episodeId,
          lease.slot(), assets.keyIds(), sources, profile, now, null));
      return new StartedPlayback(sessionId, titleId, episodeId, sources, dash, hls, base + "/manifest.mpd?t=" + token,
          hls == null ? null : base + "/manifest.m3u8?t=" + token, assets.encrypted() ? licenseUrl : null,
          assets.encrypted() ? CLEARKEY : null, profile.maxHeight(), now.plus(d.leases().ttl()),
          heartbeatSeconds());
    } catch (ManifestException e) {
      d.leases().release(lease);
      throw refusal(e);
    } catch (RuntimeException e) {
      d.leases().release(lease);
      throw e;
    }
  }

  /**
   * A session's DASH manifest as its player fetches it: cut again for the session's device and sources (the same
   * bytes startPlayback returned, unless the title was republished since), with the licence URL on the URL's token.
   */
  public String dashManifest(PlaybackSession session, String token) {
    TitleMedia media = sessionMedia(session);
    if (media.dashPath() == null) {
      throw new PlaybackRefusal(ErrorCode.NOT_FOUND, "NOT_ENCODED", "the title has no DASH manifest any more");
    }
    String mpd = d.origin().load(session.titleId(), media).dash();
    return cut(mpd, session.device(), media.encrypted()).render(session.sources(),
        media.encrypted() ? licenseUrl(session.sessionId(), token) : null);
  }

  /** A session's HLS master playlist, cut again for its device and sources; empty when the title has no HLS. */
  public Optional<String> hlsMaster(PlaybackSession session) {
    TitleMedia media = sessionMedia(session);
    String master = media.hlsPath() == null ? null : d.origin().load(session.titleId(), media).hlsMaster();
    try {
      return Optional.ofNullable(master).map(m -> HlsFilter.filter(m, session.device(), session.sources()));
    } catch (ManifestException e) {
      throw refusal(e);
    }
  }

  private TitleMedia sessionMedia(PlaybackSession session) {
    return d.titles().media(session.titleId()).orElseThrow(() -> new PlaybackRefusal(ErrorCode.NOT_FOUND,
        "NOT_ENCODED", "the title's media is no longer available"));
  }

  private String sessionUrl(String sessionId) {
    return d.publicUrl() + "/playback/sessions/" + sessionId;
  }

  private String licenseUrl(String sessionId, String token) {
    return sessionUrl(sessionId) + "/license?t=" + token;
  }

  /** The title's MPD cut for the device, before any lease is taken (a device that can play nothing takes none). */
  private DashTemplate cut(String mpd, DeviceProfile profile, boolean encrypted) {
    try {
      return d.dashTemplates().forDevice(mpd, profile, encrypted);
    } catch (ManifestException e) {
      throw refusal(e);
    }
  }

  private static PlaybackRefusal refusal(ManifestException e) {
    return e.reason().equals("NO_PLAYABLE_RENDITION")
        ? new PlaybackRefusal(ErrorCode.BAD_USER_INPUT, e.reason(), e.getMessage())
        : new PlaybackRefusal(ErrorCode.UNAVAILABLE, e.reason(), e.getMessage());
  }

  /** Result of a heartbeat: when the lease now runs out and whether identity saved the position. */
  public record HeartbeatResult(String sessionId, Instant leaseExpiresAt, boolean positionSaved) {}

  public HeartbeatResult heartbeat(Caller caller, Heartbeat beat) {
    if (beat.positionMs() < 0) {
      throw ServiceException.badInput("position must be >= 0 ms");
    }
    PlaybackSession session = ownSession(caller, beat.sessionId());
    if (session.stoppedAt() != null) {
      throw new PlaybackRefusal(ErrorCode.CONFLICT, "SESSION_ENDED", "this playback was stopped; start a new one");
    }
    endIfSignedOut(caller, session);
    if (!d.leases().renew(session.lease(), session.profileId(), session.titleId())) {
      throw new PlaybackRefusal(ErrorCode.CONFLICT, "SESSION_EXPIRED",
          "this playback's stream lease ran out (no heartbeat in time); start a new one");
    }
    d.sessions().savePosition(session.sessionId(), beat.positionMs());
    boolean saved = savePosition(session, beat.positionMs(), beat.durationMs() == null ? 0 : beat.durationMs());
    return new HeartbeatResult(session.sessionId(), d.clock().instant().plus(d.leases().ttl()), saved);
  }

  /**
   * A playback outlives no sign-out: each heartbeat asks identity whether the caller's sign-in still stands, and a
   * revoked one ends the playback (slot freed). Only identity's answer counts; while it is unreachable the playback
   * goes on, as the video should.
   */
  private void endIfSignedOut(Caller caller, PlaybackSession session) {
    try {
      d.entitlements().of(caller.accountId(), caller.profileId(), caller.sessionId());
    } catch (ServiceException e) {
      if (e.code() != ErrorCode.UNAUTHENTICATED) {
        return;
      }
      d.leases().release(session.lease());
      d.sessions().markStopped(session.sessionId(), d.clock().instant());
      throw new PlaybackRefusal(ErrorCode.UNAUTHENTICATED, "SIGN_IN_ENDED",
          "this sign-in was ended (signed out or revoked), so the playback stopped; sign in again");
    }
  }

  /** Ends the playback and frees its stream slot; stopping an already stopped session is a no-op. */
  public boolean stop(Caller caller, String sessionId, Long positionMs) {
    PlaybackSession session = ownSession(caller, sessionId);
    d.leases().release(session.lease());
    if (session.stoppedAt() == null) {
      d.sessions().markStopped(sessionId, d.clock().instant());
    }
    if (positionMs != null && positionMs >= 0) {
      d.sessions().savePosition(sessionId, positionMs);
      savePosition(session, positionMs, 0);
    }
    return true;
  }

  /** The caller's own session; another account's session is reported exactly like an unknown one. */
  public PlaybackSession ownSession(Caller caller, String sessionId) {
    requireProfile(caller);
    if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
      throw ServiceException.badInput("sessionId must be the 32-character id startPlayback returned");
    }
    return d.sessions().find(sessionId).filter(s -> s.accountId().equals(caller.accountId()))
        .orElseThrow(() -> new PlaybackRefusal(ErrorCode.NOT_FOUND, "SESSION_NOT_FOUND",
            "no playback session " + sessionId + " for this account"));
  }

  /** Best effort: the history is identity's; a failure there must not stop the video (the next beat saves again). */
  private boolean savePosition(PlaybackSession session, long positionMs, long durationMs) {
    try {
      d.history().save(session.accountId(), session.profileId(), session.titleId(), session.episodeId(), positionMs,
          durationMs);
      return true;
    } catch (ServiceException e) {
      return false;
    }
  }

  private int heartbeatSeconds() {
    return (int) Math.max(1, d.leases().ttl().toSeconds() / 3);
  }

  private static void requireProfile(Caller caller) {
    if (caller.accountId() == null) {
      throw new PlaybackRefusal(ErrorCode.UNAUTHENTICATED, "SIGN_IN_REQUIRED", "sign in to play");
    }
    if (caller.profileId() == null) {
      throw new PlaybackRefusal(ErrorCode.FORBIDDEN, "PROFILE_REQUIRED", "choose a profile to play");
    }
  }

  private static void validate(String titleId, String episodeId, DeviceCapabilities device) {
    if (titleId == null || !ID.matcher(titleId).matches()) {
      throw ServiceException.badInput("titleId must be a catalog id");
    }
    if (episodeId != null && !ID.matcher(episodeId).matches()) {
      throw ServiceException.badInput("episodeId must be a catalog id");
    }
    if (device == null || device.codecs().isEmpty() || device.codecs().size() > MAX_CODECS
        || !device.codecs().stream().allMatch(c -> CODEC.matcher(c).matches())) {
      throw ServiceException.badInput("device.codecs must list 1 to " + MAX_CODECS
          + " codec strings such as avc1.64001f or mp4a");
    }
    if (device.maxHeight() < 1 || device.maxHeight() > 4320) {
      throw ServiceException.badInput("device.maxHeight must be between 1 and 4320");
    }
  }

  private static String newSessionId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
