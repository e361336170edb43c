package io.streamplane.platform.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where a service's keyspace lives. {@code contactPoints} is "host:port[,host:port…]".
 *
 * @param replicationFactor used only when the keyspace is created (1 locally, 3 in production)
 */
public record CassandraConfig(String contactPoints, String localDatacenter, String keyspace, int replicationFactor,
    Duration requestTimeout, Duration connectTimeout) {

  public CassandraConfig {
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalArgumentException("invalid keyspace name: " + keyspace);
    }
  }

  public static CassandraConfig local(String contactPoints, String keyspace) {
    return new CassandraConfig(contactPoints, "datacenter1", keyspace, 1, Duration.ofSeconds(2), Duration.ofSeconds(90));
  }

  public List<InetSocketAddress> addresses() {
    return Arrays.stream(contactPoints.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(hostPort -> {
          int colon = hostPort.lastIndexOf(':');
          return colon < 0 ? new InetSocketAddress(hostPort, 9042)
              : new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        })
        .toList();
  }
}
