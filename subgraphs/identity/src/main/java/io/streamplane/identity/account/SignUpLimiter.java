package io.streamplane.identity.account;

import io.streamplane.identity.store.AttemptLog;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sign-ups per client address within a sliding window, so one address can neither mass-create accounts nor probe
 * which emails exist (a taken email answers CONFLICT). Every attempt that is let through counts, whatever its outcome.
 * The count lives in the {@link AttemptLog} (Cassandra) that failed sign-ins use: all replicas share it. Concurrent
 * attempts from one address may overshoot the limit by the few that were counted at the same moment.
 */
public final class SignUpLimiter {
  private final AttemptLog attempts;
  private final Clock clock;
  private final Duration window;
  private final int maxPerAddress;

  public SignUpLimiter(Cql cql, Clock clock, Duration window, int maxPerAddress) {
    AttemptLog.requireWindow(window);
    if (maxPerAddress < 1) {
      throw new IllegalArgumentException("at least one sign-up per address and window: " + maxPerAddress);
    }
    this.attempts = new AttemptLog(cql);
    this.clock = clock;
    this.window = window;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Counts a sign-up from {@code address}; RATE_LIMITED, saying when to retry, once the address has used up its
   * sign-ups. Without an address (no client connection known) nothing is limited.
   */
  public void admit(String address) {
    if (address == null) {
      return;
    }
    String subject = "sign-up:" + address;
    Instant now = clock.instant();
    Instant since = now.minus(window);
    if (attempts.count(subject, since) >= maxPerAddress) {
      Instant freed = attempts.oldest(subject, since).map(at -> at.plus(window)).orElse(now.plus(window));
      long minutes = Math.max(1, (Duration.between(now, freed).toSeconds() + 59) / 60);
      throw new ServiceException(ErrorCode.RATE_LIMITED, "too many sign-ups from this address (at most "
          + maxPerAddress + " per " + window.toMinutes() + " minutes); try again in " + minutes
          + (minutes == 1 ? " minute" : " minutes"));
    }
    attempts.record(subject);
  }
}
