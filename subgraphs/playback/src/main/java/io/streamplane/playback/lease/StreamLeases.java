package io.streamplane.playback.lease;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The concurrent-stream limit, held in Cassandra with lightweight transactions: an account has slots 0..limit-1 and a
 * session takes one with {@code INSERT … IF NOT EXISTS USING TTL}. Paxos lets exactly one of any number of
 * simultaneous starts win a slot, on any replica of this service, so an account never holds more leases than its plan
 * allows. Heartbeats re-write the cells with a fresh TTL only while the session still owns the slot; a player that
 * vanishes frees its slot when the TTL runs out.
 */
public final class StreamLeases {
  private final CqlSession session;
  private final Duration ttl;
  private final PreparedStatement take;
  private final PreparedStatement renew;
  private final PreparedStatement release;
  private final PreparedStatement owner;

  public StreamLeases(CqlSession session, Duration ttl) {
    this.session = session;
    this.ttl = ttl;
    this.take = session.prepare("INSERT INTO stream_leases (account_id, slot, session_id, profile_id, title_id) "
        + "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
    this.renew = session.prepare("UPDATE stream_leases USING TTL ? SET session_id = ?, profile_id = ?, title_id = ? "
        + "WHERE account_id = ? AND slot = ? IF session_id = ?");
    this.release = session.prepare("DELETE FROM stream_leases WHERE account_id = ? AND slot = ? IF session_id = ?");
    this.owner = session.prepare("SELECT session_id FROM stream_leases WHERE account_id = ? AND slot = ?");
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * Takes a free slot below {@code limit} for the session, or returns empty when all are held. Starts at a random slot
   * so simultaneous starts of one account spread over the slots instead of all contending for slot 0.
   */
  public Optional<Lease> acquire(String accountId, int limit, String sessionId, String profileId, String titleId) {
    int first = ThreadLocalRandom.current().nextInt(limit);
    for (int i = 0; i < limit; i++) {
      int slot = (first + i) % limit;
      if (cas(take.bind(accountId, slot, sessionId, profileId, titleId, ttlSeconds()), accountId, slot, sessionId)) {
        return Optional.of(new Lease(accountId, slot, sessionId));
      }
    }
    return Optional.empty();
  }

  /** Extends the lease by a full TTL; false when the session no longer owns the slot (expired or stopped). */
  public boolean renew(Lease lease, String profileId, String titleId) {
    return cas(renew.bind(ttlSeconds(), lease.sessionId(), profileId, titleId, lease.accountId(), lease.slot(),
        lease.sessionId()), lease.accountId(), lease.slot(), lease.sessionId());
  }

  /** Frees the slot if the session still holds it; idempotent. */
  public void release(Lease lease) {
    cas(release.bind(lease.accountId(), lease.slot(), lease.sessionId()), lease.accountId(), lease.slot(), null);
  }

  /** Whether the session holds the slot right now (linearizable read: sees every decided Paxos round). */
  public boolean isHeld(Lease lease) {
    return lease.sessionId().equals(currentOwner(lease.accountId(), lease.slot()));
  }

  /** How many slots of the account are held now (reporting and tests). */
  public int held(String accountId, int slots) {
    int held = 0;
    for (int slot = 0; slot < slots; slot++) {
      if (currentOwner(accountId, slot) != null) {
        held++;
      }
    }
    return held;
  }

  /**
   * Runs one conditional statement. A CAS write timeout leaves the outcome unknown (the proposal may still be
   * committed), so the slot is read back with SERIAL consistency, which completes any in-flight round, and the answer
   * is whether {@code expectedOwner} owns it (for a release: whether the slot is no longer ours).
   */
  private boolean cas(com.datastax.oss.driver.api.core.cql.BoundStatement statement, String accountId, int slot,
      String expectedOwner) {
    try {
      ResultSet result = session.execute(statement);
      return result.wasApplied();
    } catch (WriteTimeoutException e) {
      if (e.getWriteType() != WriteType.CAS && e.getWriteType() != WriteType.SIMPLE) {
        throw ServiceException.unavailable("the lease store did not answer in time", e);
      }
      String now = currentOwner(accountId, slot);
      return expectedOwner != null && expectedOwner.equals(now);
    } catch (DriverException e) {
      throw ServiceException.unavailable("the lease store is unavailable", e);
    }
  }

  private String currentOwner(String accountId, int slot) {
    try {
      Row row = session.execute(owner.bind(accountId, slot).setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
      return row == null ? null : row.getString("session_id");
    } catch (DriverException e) {
      throw ServiceException.unavailable("the lease store is unavailable", e);
    }
  }

  private int ttlSeconds() {
    return (int) Math.max(1, ttl.toSeconds());
  }
}
