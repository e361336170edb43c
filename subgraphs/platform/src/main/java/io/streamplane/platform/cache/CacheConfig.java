package io.streamplane.platform.cache;

import java.time.Duration;

/**
 * One EVCache application (a logical cache cluster).
 *
 * @param appName   EVCache app name, e.g. {@code EVCACHE_CATALOG}
 * @param nodes     memcached servers: {@code host:port[,host:port]} for one replica group, {@code ;} between groups
 * @param prefix    key prefix inside the app (one per entity kind)
 * @param ttl       time to live of every entry
 * @param readTimeout how long a read may take before it counts as a miss (the store is the fallback)
 */
public record CacheConfig(String appName, String nodes, String prefix, Duration ttl, Duration readTimeout) {
  public CacheConfig {
    if (!appName.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("EVCache app names are upper case: " + appName);
    }
  }

  /** EVCache's node-list syntax: {@code GROUP1=h:p,h:p;GROUP2=h:p}. */
  String evcacheNodeList() {
    String[] groups = nodes.split(";");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      if (i > 0) {
        list.append(';');
      }
      list.append("SG").append(i + 1).append('=').append(groups[i].trim());
    }
    return list.toString();
  }
}
