package io.streamplane.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens driver sessions for a service and applies its keyspace schema (idempotent CQL from the classpath). */
public final class CassandraSessions {
  private static final Logger log = LoggerFactory.getLogger(CassandraSessions.class);

  private CassandraSessions() {}

  /**
   * Connects, retrying until {@code config.connectTimeout()} passes (services may start before Cassandra is ready),
   * creates the keyspace if needed and applies {@code schemaResource}. The returned session uses the keyspace.
   */
  public static CqlSession open(CassandraConfig config, String schemaResource) {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (CqlSession bootstrap = builder(config).build()) {
        bootstrap.execute("CREATE KEYSPACE IF NOT EXISTS " + config.keyspace()
            + " WITH replication = {'class':'SimpleStrategy','replication_factor':" + config.replicationFactor() + "}");
        last = null;
        break;
      } catch (RuntimeException e) {
        last = e;
        log.info("Cassandra at {} not ready yet: {}", config.contactPoints(), e.getMessage());
        sleep(Duration.ofSeconds(1));
      }
    }
    if (last != null) {
      throw new IllegalStateException("Cassandra at " + config.contactPoints() + " did not answer within "
          + config.connectTimeout().toSeconds() + " s", last);
    }
    CqlSession session = builder(config).withKeyspace(config.keyspace()).build();
    if (schemaResource != null) {
      for (String statement : statements(schemaResource)) {
        session.execute(statement);
      }
    }
    return session;
  }

  private static com.datastax.oss.driver.api.core.CqlSessionBuilder builder(CassandraConfig config) {
    DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
        // Schema changes are our own; waiting ~1 s per DDL for the debounced refresh only slows start-up.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
        // Reconnect quickly after an outage so reads recover within seconds.
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
        .build();
    return CqlSession.builder()
        .addContactPoints(config.addresses())
        .withLocalDatacenter(config.localDatacenter())
        .withConfigLoader(loader);
  }

  /** Splits a CQL file on ';' at line ends; lines starting with "--" are comments. */
  static List<String> statements(String resource) {
    try (InputStream in = CassandraSessions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("schema resource not found: " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder clean = new StringBuilder();
      for (String line : text.split("\n")) {
        if (!line.trim().startsWith("--")) {
          clean.append(line).append('\n');
        }
      }
      return Arrays.stream(clean.toString().split(";\\s*\n"))
          .map(String::trim)
          .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }
}
