package io.streamplane.encoder.coordinator;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a driver session on one of the coordinator's keyspaces and applies its schema. Same settings as the
 * subgraphs' platform module (which the farm does not depend on, to stay free of Spring): LOCAL_QUORUM, LOCAL_SERIAL
 * for the lightweight transactions, a 2 s request timeout, quick reconnection, and a retry loop while Cassandra starts.
 */
public final class StoreSessions {

    private static final Logger log = LoggerFactory.getLogger(StoreSessions.class);

    private StoreSessions() {
    }

    /** {@code contactPoints} is "host:port[,host:port...]"; the keyspace is created (RF 1) if missing. */
    public static CqlSession open(String contactPoints, String keyspace, String schemaResource,
                                  Duration connectTimeout) {
        if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("invalid keyspace name: " + keyspace);
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        while (true) {
            try (CqlSession bootstrap = builder(contactPoints).build()) {
                bootstrap.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                        + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cassandra at " + contactPoints + " did not answer within "
                            + connectTimeout.toSeconds() + " s", e);
                }
                log.info("Cassandra at {} not ready yet: {}", contactPoints, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Cassandra", ie);
                }
            }
        }
        CqlSession session = builder(contactPoints).withKeyspace(keyspace).build();
        for (String statement : statements(schemaResource)) {
            session.execute(statement);
        }
        return session;
    }

    private static com.datastax.oss.driver.api.core.CqlSessionBuilder builder(String contactPoints) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(2))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
                .build();
        List<InetSocketAddress> addresses = Arrays.stream(contactPoints.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(hostPort -> {
                    int colon = hostPort.lastIndexOf(':');
                    return colon < 0 ? new InetSocketAddress(hostPort, 9042) : new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
                }).toList();
        return CqlSession.builder().addContactPoints(addresses).withLocalDatacenter("datacenter1")
                .withConfigLoader(loader);
    }

    /** A CQL file split on ';' at line ends; lines starting with "--" are comments. */
    static List<String> statements(String resource) {
        try (InputStream in = StoreSessions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("schema resource not found: " + resource);
            }
            StringBuilder clean = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.trim().startsWith("--")) {
                    clean.append(line).append('\n');
                }
            }
            return Arrays.stream(clean.toString().split(";\\s*\n")).map(String::trim)
                    .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s).filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
