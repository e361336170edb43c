package io.streamplane.identity.session;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits failed sign-ins per account and per client address within a sliding window. Failures are rows in Cassandra
 * (expiring after an hour), so every replica counts the same attempts and a restart forgets nothing.
 */
public final class SignInLimiter {
  private final Cql cql;
  private final Clock clock;
  private final Duration window;
  private final int maxPerAccount;
  private final int maxPerAddress;
  private final PreparedStatement record;
  private final PreparedStatement count;

  public SignInLimiter(Cql cql, Clock clock, Duration window, int maxPerAccount, int maxPerAddress) {
    if (window.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("the sign-in window is at most 1 h (the failure rows' time to live)");
    }
    this.cql = cql;
    this.clock = clock;
    this.window = window;
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
    record = cql.session().prepare("INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)");
    count = cql.session().prepare("SELECT COUNT(*) FROM sign_in_failures WHERE subject = ? AND at > ? LIMIT 1000");
  }

  /** RATE_LIMITED when the account or the address has used up its failures; checked before the password. */
  public void check(String email, String address) {
    if (failures(accountKey(email)) >= maxPerAccount) {
      throw limited();
    }
    if (address != null && failures(addressKey(address)) >= maxPerAddress) {
      throw limited();
    }
  }

  public void recordFailure(String email, String address) {
    // timeBased: unique per call, so two failures in the same millisecond are two rows
    cql.run(record.bind(accountKey(email), Uuids.timeBased()).setConsistencyLevel(ConsistencyLevel.QUORUM));
    if (address != null) {
      cql.run(record.bind(addressKey(address), Uuids.timeBased()).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }
  }

  private long failures(String subject) {
    Instant since = clock.instant().minus(window);
    return cql.run(count.bind(subject, Uuids.endOf(since.toEpochMilli()))
        .setConsistencyLevel(ConsistencyLevel.QUORUM)).one().getLong(0);
  }

  private ServiceException limited() {
    return new ServiceException(ErrorCode.RATE_LIMITED,
        "too many failed sign-ins; try again in " + window.toMinutes() + " minutes");
  }

  private static String accountKey(String email) {
    return "account:" + email;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
