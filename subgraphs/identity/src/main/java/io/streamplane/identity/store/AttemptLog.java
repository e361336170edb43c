package io.streamplane.identity.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Attempts per subject (such as {@code address:<ip>}), the rate limiters' memory: rows in Cassandra that expire after
 * an hour, so every replica counts the same attempts and a restart forgets nothing. A window is at most that hour.
 */
public final class AttemptLog {
  public static final Duration MAX_WINDOW = Duration.ofHours(1);

  private final Cql cql;
  private final PreparedStatement record;
  private final PreparedStatement count;
  private final PreparedStatement oldest;

  public AttemptLog(Cql cql) {
    this.cql = cql;
    record = cql.session().prepare("INSERT INTO limiter_attempts (subject, at) VALUES (?, ?)");
    count = cql.session().prepare("SELECT COUNT(*) FROM limiter_attempts WHERE subject = ? AND at > ? LIMIT 1000");
    oldest = cql.session().prepare(
        "SELECT at FROM limiter_attempts WHERE subject = ? AND at > ? ORDER BY at ASC LIMIT 1");
  }

  public static void requireWindow(Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("a limiter window is more than 0 and at most " + MAX_WINDOW
          + " (the attempt rows' time to live): " + window);
    }
  }

  public void record(String subject) {
    // timeBased: unique per call, so two attempts in the same millisecond are two rows
    cql.run(record.bind(subject, Uuids.timeBased()).setConsistencyLevel(ConsistencyLevel.QUORUM));
  }

  /** Attempts after {@code since}. */
  public long count(String subject, Instant since) {
    return cql.run(count.bind(subject, Uuids.endOf(since.toEpochMilli()))
        .setConsistencyLevel(ConsistencyLevel.QUORUM)).one().getLong(0);
  }

  /** When the oldest attempt after {@code since} was made: the first to leave the window. */
  public Optional<Instant> oldest(String subject, Instant since) {
    Row row = cql.run(oldest.bind(subject, Uuids.endOf(since.toEpochMilli()))
        .setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
    return row == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid(0))));
  }
}
