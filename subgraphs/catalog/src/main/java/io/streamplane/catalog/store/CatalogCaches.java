package io.streamplane.catalog.store;

import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import java.time.Duration;

/** The catalog's EVCache key spaces: one app, one prefix per document kind. */
public record CatalogCaches(ReadThroughCache titles, ReadThroughCache episodes, ReadThroughCache assets,
    ReadThroughCache genres) {

  /**
   * @param app EVCache app name; EVCache keeps one pool per app name per JVM, so a second cluster needs another name
   */
  public static CatalogCaches connect(String app, String nodes, Duration ttl, Duration readTimeout) {
    return new CatalogCaches(
        new ReadThroughCache(new CacheConfig(app, nodes, "title", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, "episode", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, "assets", ttl, readTimeout)),
        new ReadThroughCache(new CacheConfig(app, nodes, "genres", Duration.ofMinutes(5), readTimeout)));
  }
}
