package io.streamplane.identity.membership;

import java.time.Instant;
import java.util.UUID;

/** An account's membership; {@code version} increases with every change (the compare-and-set token). */
public record Subscription(UUID accountId, Plan plan, Status status, int version, Instant updatedAt) {
  public enum Status { ACTIVE, CANCELED }

  public boolean active() {
    return status == Status.ACTIVE;
  }
}
