package io.streamplane.identity.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;

/** Runs statements with a time budget; a store failure reaches the caller as UNAVAILABLE, never as a stack trace. */
public final class Cql {
  private final CqlSession session;
  private final Duration defaultTimeout;

  public Cql(CqlSession session, Duration defaultTimeout) {
    this.session = session;
    this.defaultTimeout = defaultTimeout;
  }

  public CqlSession session() {
    return session;
  }

  public ResultSet run(Statement<?> statement) {
    return run(statement, defaultTimeout);
  }

  public ResultSet run(Statement<?> statement, Duration timeout) {
    try {
      return session.execute(statement.setTimeout(timeout));
    } catch (DriverException e) {
      throw ServiceException.unavailable("the identity store is unavailable, try again", e);
    }
  }
}
