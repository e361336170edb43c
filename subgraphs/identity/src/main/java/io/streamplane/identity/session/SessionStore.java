package io.streamplane.identity.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.identity.store.Cql;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh sessions. A session lasts the refresh lifetime from its sign-in: the row's TTL, which every later write
 * repeats with the time left, so all columns expire together and refreshes do not extend it. A refresh advances the generation by compare-and-set, so each refresh token
 * works once; presenting an older one means it was copied, and the session is revoked.
 */
public final class SessionStore {
  private final Cql cql;
  private final int ttlSeconds;
  private final PreparedStatement insert;
  private final PreparedStatement read;
  private final PreparedStatement advance;
  private final PreparedStatement revoke;

  public record Session(UUID id, UUID account, UUID profile, int generation, boolean revoked, Instant createdAt) {}

  public SessionStore(Cql cql, Duration ttl) {
    this.cql = cql;
    this.ttlSeconds = (int) ttl.toSeconds();
    var s = cql.session();
    insert = s.prepare("INSERT INTO sessions (id, account_id, profile_id, generation, revoked, created_at) "
        + "VALUES (?, ?, ?, 1, false, ?) USING TTL ?");
    read = s.prepare("SELECT id, account_id, profile_id, generation, revoked, created_at FROM sessions WHERE id = ?");
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

  /** Moves the session to the next generation (and profile); false when the generation or revocation changed. */
  public boolean advance(Session session, UUID profile) {
    return cql.run(advance.bind(secondsLeft(session), session.generation() + 1, profile, session.id(),
        session.generation())).wasApplied();
  }

  public void revoke(UUID id) {
    find(id).ifPresent(session -> cql.run(revoke.bind(secondsLeft(session), id)));
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
