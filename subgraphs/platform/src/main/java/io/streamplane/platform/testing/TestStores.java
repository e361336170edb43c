package io.streamplane.platform.testing;

/**
 * Where the test stack's stores are: {@code ./streamplane test} starts a fresh Cassandra and memcached and passes their
 * addresses as the system properties {@code streamplane.cassandra} and {@code streamplane.memcached}.
 */
public final class TestStores {
  private TestStores() {}

  public static String cassandra() {
    return System.getProperty("streamplane.cassandra", "127.0.0.1:19042");
  }

  public static String memcached() {
    return System.getProperty("streamplane.memcached", "127.0.0.1:21211");
  }

  /** A keyspace name unique to one test class, so classes never see each other's rows. */
  public static String keyspace(String prefix) {
    return (prefix + "_" + Long.toString(System.nanoTime(), 36)).toLowerCase().replaceAll("[^a-z0-9_]", "_");
  }
}
