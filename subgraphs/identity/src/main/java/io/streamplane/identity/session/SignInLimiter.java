package io.streamplane.identity.session;

import io.streamplane.identity.store.AttemptLog;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits failed sign-ins per account and per client address within a sliding window. Failures are kept in the
 * {@link AttemptLog} (Cassandra), so every replica counts the same attempts and a restart forgets nothing.
 */
public final class SignInLimiter {
  private final AttemptLog attempts;
  private final Clock clock;
  private final Duration window;
  private final int maxPerAccount;
  private final int maxPerAddress;

  public SignInLimiter(Cql cql, Clock clock, Duration window, int maxPerAccount, int maxPerAddress) {
    AttemptLog.requireWindow(window);
    this.attempts = new AttemptLog(cql);
    this.clock = clock;
    this.window = window;
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
  }

  /** RATE_LIMITED when the account or the address has used up its failures; checked before the password. */
  public void check(String email, String address) {
    Instant since = clock.instant().minus(window);
    if (attempts.count(accountKey(email), since) >= maxPerAccount) {
      throw limited();
    }
    if (address != null && attempts.count(addressKey(address), since) >= maxPerAddress) {
      throw limited();
    }
  }

  public void recordFailure(String email, String address) {
    attempts.record(accountKey(email));
    if (address != null) {
      attempts.record(addressKey(address));
    }
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
