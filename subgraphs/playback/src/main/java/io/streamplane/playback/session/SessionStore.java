package io.streamplane.playback.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.manifest.DeviceProfile;
import io.streamplane.playback.manifest.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sessions in Cassandra (any replica serves any session's manifest and licence), expiring after the session TTL. */
public final class SessionStore {
  private final CqlSession session;
  private final Duration ttl;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement stop;
  private final PreparedStatement position;

  public SessionStore(CqlSession session, Duration ttl) {
    this.session = session;
    this.ttl = ttl;
    this.insert = session.prepare("INSERT INTO playback_sessions (session_id, account_id, profile_id, title_id, "
        + "episode_id, slot, key_ids, source_ids, source_urls, source_reasons, codecs, max_height, hdr, started_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.select = session.prepare("SELECT * FROM playback_sessions WHERE session_id = ?");
    this.stop = session.prepare("UPDATE playback_sessions USING TTL ? SET stopped_at = ? WHERE session_id = ?");
    this.position = session.prepare("UPDATE playback_sessions USING TTL ? SET position_ms = ? WHERE session_id = ?");
  }

  public void save(PlaybackSession s) {
    run(() -> session.execute(insert.bind(s.sessionId(), s.accountId(), s.profileId(), s.titleId(), s.episodeId(),
        s.slot(), s.keyIds(), s.sources().stream().map(Source::applianceId).toList(),
        s.sources().stream().map(Source::url).toList(), s.sources().stream().map(Source::reason).toList(),
        s.device().codecs(), s.device().maxHeight(), s.device().hdr(), s.startedAt(), ttlSeconds())));
  }

  public Optional<PlaybackSession> find(String sessionId) {
    return run(() -> {
      Row row = session.execute(select.bind(sessionId)).one();
      if (row == null) {
        return Optional.empty();
      }
      List<String> ids = row.getList("source_ids", String.class);
      List<String> urls = row.getList("source_urls", String.class);
      List<String> reasons = row.getList("source_reasons", String.class);
      List<Source> sources = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        sources.add(new Source(ids.get(i), urls.get(i), reasons.get(i)));
      }
      return Optional.of(new PlaybackSession(row.getString("session_id"), row.getString("account_id"),
          row.getString("profile_id"), row.getString("title_id"), row.getString("episode_id"), row.getInt("slot"),
          row.getList("key_ids", String.class), sources, new DeviceProfile(row.getList("codecs", String.class),
              row.getInt("max_height"), row.getBoolean("hdr")), row.getInstant("started_at"),
          row.getInstant("stopped_at")));
    });
  }

  public void markStopped(String sessionId, Instant at) {
    run(() -> session.execute(stop.bind(ttlSeconds(), at, sessionId)));
  }

  public void savePosition(String sessionId, long positionMs) {
    run(() -> session.execute(position.bind(ttlSeconds(), positionMs, sessionId)));
  }

  private int ttlSeconds() {
    return (int) ttl.toSeconds();
  }

  private static <T> T run(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DriverException e) {
      throw ServiceException.unavailable("the session store is unavailable", e);
    }
  }

  private static void run(Runnable work) {
    run(() -> {
      work.run();
      return null;
    });
  }
}
