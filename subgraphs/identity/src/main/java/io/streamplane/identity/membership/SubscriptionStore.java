package io.streamplane.identity.membership;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions, strongly consistent: every write is a lightweight transaction on the version (Paxos), committed at
 * QUORUM before it is acknowledged, and every read is at QUORUM, so an acknowledged plan change is seen by every
 * replica at once (playback limits streams by it). Reads are not SERIAL: a SERIAL read is a Paxos round of its own
 * (a ballot written to system.paxos), paid on every startPlayback, and all it adds is seeing a change whose writer has
 * not been answered yet. Never cached.
 */
public final class SubscriptionStore {
  private final Cql cql;
  private final PreparedStatement create;
  private final PreparedStatement change;
  private final PreparedStatement read;

  public SubscriptionStore(Cql cql) {
    this.cql = cql;
    create = cql.session().prepare("INSERT INTO subscriptions (account_id, plan, status, version, updated_at) "
        + "VALUES (?, ?, ?, 1, ?) IF NOT EXISTS");
    change = cql.session().prepare("UPDATE subscriptions SET plan = ?, status = ?, version = ?, updated_at = ? "
        + "WHERE account_id = ? IF version = ?");
    read = cql.session().prepare("SELECT account_id, plan, status, version, updated_at FROM subscriptions "
        + "WHERE account_id = ?");
  }

  public Subscription create(UUID account, Plan plan, Instant now) {
    if (!cql.run(create.bind(account, plan.name(), Subscription.Status.ACTIVE.name(), now)).wasApplied()) {
      throw new ServiceException(ErrorCode.CONFLICT, "the account has a subscription already");
    }
    return new Subscription(account, plan, Subscription.Status.ACTIVE, 1, now);
  }

  public Optional<Subscription> find(UUID account, Duration timeout) {
    Row row = cql.run(read.bind(account).setConsistencyLevel(ConsistencyLevel.QUORUM), timeout).one();
    return row == null ? Optional.empty() : Optional.of(new Subscription(row.getUuid(0), Plan.valueOf(row.getString(1)),
        Subscription.Status.valueOf(row.getString(2)), row.getInt(3), row.getInstant(4)));
  }

  /** Changes plan and status if nobody else changed the subscription since {@code current} was read. */
  public Subscription change(Subscription current, Plan plan, Subscription.Status status, Instant now) {
    int next = current.version() + 1;
    if (!cql.run(change.bind(plan.name(), status.name(), next, now, current.accountId(), current.version()))
        .wasApplied()) {
      throw new ServiceException(ErrorCode.CONFLICT, "the subscription was changed concurrently, read it and retry");
    }
    return new Subscription(current.accountId(), plan, status, next, now);
  }
}
