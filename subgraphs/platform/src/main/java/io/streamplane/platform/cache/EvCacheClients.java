package io.streamplane.platform.cache;

import com.netflix.config.ConfigurationManager;
import com.netflix.evcache.EVCache;

/**
 * Builds EVCache clients without Eureka: the node list and timeouts are Archaius properties of the app, set here
 * before the app's first build. They go through Archaius itself, because Archaius snapshots the system properties
 * when it starts and would not see later ones (a second app in the same JVM).
 */
final class EvCacheClients {
  private EvCacheClients() {}

  private static void set(String key, String value) {
    System.setProperty(key, value);
    ConfigurationManager.getConfigInstance().setProperty(key, value);
  }

  static synchronized EVCache build(CacheConfig config) {
    String app = config.appName();
    set("evcache.use.simple.node.list.provider", "true");
    set(app + ".use.simple.node.list.provider", "true");
    set(app + "-NODES", config.evcacheNodeList());
    String timeout = Long.toString(config.readTimeout().toMillis());
    set(app + ".EVCacheClientPool.readTimeout", timeout);
    set(app + ".EVCacheClientPool.bulkReadTimeout", timeout);
    set(app + ".operation.timeout", timeout);
    // Failures surface as exceptions so ReadThroughCache can count them; it turns them into misses.
    set(app + ".throw.exception", "true");
    return new EVCache.Builder()
        .setAppName(app)
        .setCachePrefix(config.prefix())
        .setDefaultTTL((int) config.ttl().toSeconds())
        .build();
  }
}
