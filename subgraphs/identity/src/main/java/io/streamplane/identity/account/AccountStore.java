package io.streamplane.identity.account;

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

/** Accounts in Cassandra; an email is claimed with a lightweight transaction so it belongs to one account only. */
public final class AccountStore {
  private final Cql cql;
  private final PreparedStatement claimEmail;
  private final PreparedStatement insert;
  private final PreparedStatement byEmail;
  private final PreparedStatement byId;
  private final PreparedStatement setProfileCount;
  private final PreparedStatement delete;

  public AccountStore(Cql cql) {
    this.cql = cql;
    var s = cql.session();
    claimEmail = s.prepare("INSERT INTO accounts_by_email (email, account_id) VALUES (?, ?) IF NOT EXISTS");
    insert = s.prepare("INSERT INTO accounts (id, email, password_hash, country, created_at, profile_count) "
        + "VALUES (?, ?, ?, ?, ?, 0)");
    byEmail = s.prepare("SELECT account_id FROM accounts_by_email WHERE email = ?");
    byId = s.prepare("SELECT id, email, password_hash, country, created_at, profile_count FROM accounts WHERE id = ?");
    setProfileCount = s.prepare("UPDATE accounts SET profile_count = ? WHERE id = ? IF profile_count = ?");
    delete = s.prepare("DELETE FROM accounts WHERE id = ?");
  }

  /** An account and its password hash, for sign-in only. */
  public record StoredAccount(Account account, String passwordHash) {}

  /** Creates the account; CONFLICT when the email is taken. The account row is written before it is reachable. */
  public Account create(String email, String passwordHash, String country, Instant now) {
    UUID id = UUID.randomUUID();
    cql.run(insert.bind(id, email, passwordHash, country, now).setConsistencyLevel(ConsistencyLevel.QUORUM));
    if (!cql.run(claimEmail.bind(email, id)).wasApplied()) {
      cql.run(delete.bind(id)); // unreachable without the email, but no need to keep it
      throw new ServiceException(ErrorCode.CONFLICT, "an account with this email exists already");
    }
    return new Account(id, email, country, now, 0);
  }

  public Optional<StoredAccount> findByEmail(String email) {
    Row row = cql.run(byEmail.bind(email).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
    return row == null ? Optional.empty() : find(row.getUuid(0), null);
  }

  public Optional<StoredAccount> find(UUID id, Duration timeout) {
    var statement = byId.bind(id).setConsistencyLevel(ConsistencyLevel.QUORUM);
    Row row = (timeout == null ? cql.run(statement) : cql.run(statement, timeout)).one();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(new StoredAccount(new Account(row.getUuid(0), row.getString(1), row.getString(3),
        row.getInstant(4), row.getInt(5)), row.getString(2)));
  }

  /** Compare-and-set of the profile count: false when another request changed it first. */
  public boolean compareAndSetProfileCount(UUID account, int expected, int next) {
    return cql.run(setProfileCount.bind(next, account, expected)).wasApplied();
  }
}
