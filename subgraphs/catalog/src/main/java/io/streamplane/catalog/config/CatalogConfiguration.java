package io.streamplane.catalog.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamplane.catalog.graphql.CatalogGraphqlSettings;
import io.streamplane.catalog.grpc.CatalogGrpcService;
import io.streamplane.catalog.query.Catalog;
import io.streamplane.catalog.search.SearchIndexFollower;
import io.streamplane.catalog.search.TitleSearchIndex;
import io.streamplane.catalog.seed.DemoSeeder;
import io.streamplane.catalog.store.CatalogCaches;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.NearCache;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the catalog: store (Cassandra + EVCache), demo seed, search index, and the GraphQL and gRPC edges. */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  CqlSession catalogSession(@Value("${streamplane.cassandra.contact-points}") String contactPoints,
      @Value("${streamplane.catalog.keyspace}") String keyspace) {
    return CassandraSessions.open(CassandraConfig.local(contactPoints, keyspace), "cql/catalog.cql");
  }

  @Bean
  CatalogCaches catalogCaches(@Value("${streamplane.memcached.nodes}") String nodes,
      @Value("${streamplane.catalog.cache.app}") String app,
      @Value("${streamplane.catalog.keyspace}") String keyspace,
      @Value("${streamplane.catalog.cache.ttl}") Duration ttl,
      @Value("${streamplane.catalog.cache.read-timeout}") Duration readTimeout) {
    return CatalogCaches.connect(app, nodes, keyspace, ttl, readTimeout);
  }

  @Bean
  CatalogStore catalogStore(CqlSession session, CatalogCaches caches,
      @Value("${streamplane.catalog.seed.titles}") int seedTitles,
      @Value("${streamplane.catalog.near-cache.entries}") long nearEntries,
      @Value("${streamplane.catalog.near-cache.ttl}") Duration nearTtl) {
    CatalogStore store = new CatalogStore(session, caches, new NearCache<>(nearEntries, nearTtl),
        new NearCache<>(nearEntries, nearTtl));
    DemoSeeder.seedIfNeeded(store, seedTitles);
    return store;
  }

  @Bean(destroyMethod = "close")
  TitleSearchIndex titleSearchIndex() {
    return new TitleSearchIndex();
  }

  @Bean(destroyMethod = "close")
  SearchIndexFollower searchIndexFollower(CatalogStore store, TitleSearchIndex index, Clock clock,
      @Value("${streamplane.catalog.search.follow-period}") Duration period) {
    SearchIndexFollower follower = new SearchIndexFollower(store, index, clock);
    follower.start(period);
    return follower;
  }

  /** Takes the follower only so the index is built before the catalog serves searches. */
  @Bean
  Catalog catalog(CatalogStore store, TitleSearchIndex index, Clock clock, SearchIndexFollower follower) {
    return new Catalog(store, index, clock);
  }

  @Bean
  CatalogGraphqlSettings catalogGraphqlSettings(@Value("${streamplane.catalog.store-timeout}") Duration timeout) {
    return new CatalogGraphqlSettings(timeout);
  }

  @Bean
  CatalogGrpcService catalogGrpcService(Catalog catalog, Clock clock,
      @Value("${streamplane.default-country}") String defaultCountry) {
    return new CatalogGrpcService(catalog, defaultCountry, clock);
  }

  /** Cache effectiveness per key space: streamplane_cache_{hits,misses,errors}_total and the hit ratio. */
  @Bean
  MeterBinder catalogCacheMetrics(CatalogCaches caches, CatalogStore store) {
    return registry -> {
      Map.of("title", caches.titles(), "episode", caches.episodes(), "assets", caches.assets(), "genres",
          caches.genres()).forEach((name, cache) -> bind(registry, name, cache));
      FunctionCounter.builder("streamplane.catalog.store.bulk.reads", store, CatalogStore::storeBulkReads)
          .register(registry);
      FunctionCounter.builder("streamplane.cache.near.hits", store, s -> s.nearTitles().hits()).tag("cache", "title")
          .register(registry);
      FunctionCounter.builder("streamplane.cache.near.misses", store, s -> s.nearTitles().misses())
          .tag("cache", "title").register(registry);
    };
  }

  private static void bind(MeterRegistry registry, String name, ReadThroughCache cache) {
    FunctionCounter.builder("streamplane.cache.hits", cache, c -> c.stats().hits()).tag("cache", name)
        .register(registry);
    FunctionCounter.builder("streamplane.cache.misses", cache, c -> c.stats().misses()).tag("cache", name)
        .register(registry);
    FunctionCounter.builder("streamplane.cache.errors", cache, c -> c.stats().errors()).tag("cache", name)
        .register(registry);
    Gauge.builder("streamplane.cache.hit.ratio", cache, c -> c.stats().hitRatio()).tag("cache", name)
        .register(registry);
  }
}
