package io.streamplane.catalog.store;

import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import java.time.Duration;

/** The catalog's EVCache key spaces: one app, one prefix per document kind. */
public record CatalogCaches(ReadThroughCache titles, ReadThroughCache episodes, ReadThroughCache assets,
    ReadThroughCache genres) {

  /**
   * @param app EVCache app name; EVCache keeps one pool per app name per JVM, so a second cluster needs another name
   * @param keyspace the store keyspace the cached documents come from; part of every key, so two catalogs sharing a
   *     memcached cluster (a test and a dev stack, say) never read each other's documents
   */
  public static CatalogCaches connect(String app, String nodes, String keyspace, Duration ttl, Duration readTimeout) {
    return new CatalogCaches(
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".title", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".episode", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".assets", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".genres", Duration.ofMinutes(5), readTimeout)));
  }
}
