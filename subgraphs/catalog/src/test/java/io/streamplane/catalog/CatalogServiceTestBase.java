package io.streamplane.catalog;

import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.seed.DemoCatalog;
import java.time.Instant;
import java.util.List;
import io.streamplane.platform.testing.TestStores;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running catalog service (HTTP on a random port, gRPC on a random port) on the test stack's Cassandra and
 * memcached, in a keyspace of its own, seeded with {@value #SEEDED} demo titles; every subclass shares this Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
    "streamplane.memcached.nodes=${streamplane.memcached:127.0.0.1:21211}",
    "streamplane.catalog.seed.titles=" + CatalogServiceTestBase.SEEDED,
    "streamplane.grpc.port=0",
    "streamplane.catalog.search.follow-period=200ms"})
public abstract class CatalogServiceTestBase {
  /** A fresh keyspace per test run: re-runs on a developer's stack start from the seed, like CI does. */
  @DynamicPropertySource
  static void keyspace(DynamicPropertyRegistry registry) {
    registry.add("streamplane.catalog.keyspace", () -> KEYSPACE);
  }

  private static final String KEYSPACE = TestStores.keyspace("catalog_service");
  public static final int SEEDED = 300;
  protected static final List<Title> DEMO = DemoCatalog.generate(SEEDED);

  protected static boolean visibleIn(Title title, String country) {
    return title.availableIn(country, Instant.now());
  }
}
