package io.streamplane.identity.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.cache.ReadThroughCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh sessions. A session lasts the refresh lifetime from its sign-in: the row's TTL, which every later write
 * repeats with the time left, so all columns expire together and refreshes do not extend it. A refresh advances the
 * generation by compare-and-set, so each refresh token works once; presenting an older one means it was copied, and
 * the session is revoked.
 *
 * <p>Every signed-in request asks whether its session still stands ({@link #standing}), so that answer is read
 * through EVCache. A revocation writes the revoked state through and waits until memcached confirmed it: once a
 * sign-out returns, every replica refuses the session. A replica that read "live" from Cassandra just before the
 * revocation may still put it in the cache just after, so the revocation is written and confirmed once more a few
 * seconds later ({@link #REASSERT_AFTER}). Fills are plain sets: memcached add, which would refuse such a stale fill,
 * desynchronises the EVCache connection when it fails next to a bulk get (a reconnect every couple of seconds under
 * load, each stalling callers for about 250 ms). Only when the confirmation fails (memcached unreachable from the
 * revoking replica) may a replica that still reads an older cached "live" accept the session, for at most the cache
 * TTL.
 */
public final class SessionStore {
  private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
  private static final Duration CONFIRM_WAIT = Duration.ofSeconds(1);
  /** Longer than a store read plus a cache write of a request that began before the revocation. */
  static final Duration REASSERT_AFTER = Duration.ofSeconds(3);
  private static final String NONE = "none";

  private final Cql cql;
  private final int ttlSeconds;
  private final ReadThroughCache cache;
  private final PreparedStatement insert;
  private final PreparedStatement read;
  private final PreparedStatement readStanding;
  private final PreparedStatement advance;
  private final PreparedStatement revoke;

  public record Session(UUID id, UUID account, UUID profile, int generation, boolean revoked, Instant createdAt) {}

  /** What a request needs to know of its session: whose it is and whether it was revoked. */
  public record Standing(UUID account, boolean revoked) {}

  public SessionStore(Cql cql, Duration ttl, ReadThroughCache cache) {
    this.cql = cql;
    this.ttlSeconds = (int) ttl.toSeconds();
    this.cache = cache;
    var s = cql.session();
    insert = s.prepare("INSERT INTO sessions (id, account_id, profile_id, generation, revoked, created_at) "
        + "VALUES (?, ?, ?, 1, false, ?) USING TTL ?");
    read = s.prepare("SELECT id, account_id, profile_id, generation, revoked, created_at FROM sessions WHERE id = ?");
    readStanding = s.prepare("SELECT account_id, revoked FROM sessions WHERE id = ?");
    advance = s.prepare("UPDATE sessions USING TTL ? SET generation = ?, profile_id = ? WHERE id = ? "
        + "IF generation = ? AND revoked = false");
    revoke = s.prepare("UPDATE sessions USING TTL ? SET revoked = true WHERE id = ? IF EXISTS");
  }

  public Session create(UUID account, Instant now) {
    UUID id = UUID.randomUUID();
    cql.run(insert.bind(id, account, null, now, ttlSeconds).setConsistencyLevel(ConsistencyLevel.QUORUM));
    return new Session(id, account, null, 1, false, now);
  }

  public Optional<Session> find(UUID id) {
    Row row = cql.run(read.bind(id).setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
    return row == null ? Optional.empty() : Optional.of(new Session(row.getUuid(0), row.getUuid(1), row.getUuid(2),
        row.getInt(3), row.getBoolean(4), row.getInstant(5)));
  }

  /**
   * The session's account and whether it was revoked; empty when there is no such session (it ended with its
   * lifetime). Read through the cache; a miss reads a quorum (which sees every acknowledged revocation).
   */
  public Optional<Standing> standing(UUID id, Duration timeout) {
    String key = id.toString();
    String cached = cache.getAll(List.of(key)).get(key);
    if (cached != null) {
      return decode(cached);
    }
    Row row = cql.run(readStanding.bind(id).setConsistencyLevel(ConsistencyLevel.QUORUM), timeout).one();
    Optional<Standing> standing = row == null || row.getUuid(0) == null ? Optional.empty()
        : Optional.of(new Standing(row.getUuid(0), row.getBoolean(1)));
    cache.putAll(Map.of(key, encode(standing)));
    return standing;
  }

  /** Moves the session to the next generation (and profile); false when the generation or revocation changed. */
  public boolean advance(Session session, UUID profile) {
    return cql.run(advance.bind(secondsLeft(session), session.generation() + 1, profile, session.id(),
        session.generation())).wasApplied();
  }

  /** Revokes the session in the store, then in the cache every replica reads (confirmed, see the class comment). */
  public void revoke(UUID id) {
    find(id).ifPresent(session -> {
      cql.run(revoke.bind(secondsLeft(session), id));
      String revoked = encode(Optional.of(new Standing(session.account(), true)));
      writeRevoked(id, revoked);
      CompletableFuture.runAsync(() -> writeRevoked(id, revoked),
          CompletableFuture.delayedExecutor(REASSERT_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    });
  }

  private void writeRevoked(UUID id, String revoked) {
    String key = id.toString();
    if (!cache.putConfirmed(key, revoked, CONFIRM_WAIT)) {
      cache.invalidate(key);
      log.warn("revocation of session {} not confirmed by memcached: replicas may accept it for up to the cache TTL",
          id);
    }
  }

  private static String encode(Optional<Standing> standing) {
    return standing.map(s -> (s.revoked() ? "revoked:" : "live:") + s.account()).orElse(NONE);
  }

  private static Optional<Standing> decode(String value) {
    if (value.equals(NONE)) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    return Optional.of(new Standing(UUID.fromString(value.substring(colon + 1)), value.startsWith("revoked:")));
  }

  /** The TTL that ends a write together with the session (at least 1 s: TTL 0 would mean forever). */
  private int secondsLeft(Session session) {
    if (session.createdAt() == null) {
      return 1;
    }
    long elapsed = Duration.between(session.createdAt(), Instant.now()).toSeconds();
    return (int) Math.max(1, ttlSeconds - elapsed);
  }
}
