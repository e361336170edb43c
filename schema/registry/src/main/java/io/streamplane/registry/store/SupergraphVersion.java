package io.streamplane.registry.store;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One composed supergraph and the subgraphs it was composed from.
 *
 * @param origin what made it, e.g. {@code publish catalog@4f2a91c} or {@code rollback to 3}
 */
public record SupergraphVersion(int version, String supergraphSdl, Map<String, String> subgraphSdls,
    Map<String, String> routingUrls, Map<String, String> revisions, String origin, Instant createdAt) {
  public SupergraphVersion {
    subgraphSdls = new TreeMap<>(subgraphSdls);
    routingUrls = new TreeMap<>(routingUrls);
    revisions = new TreeMap<>(revisions);
  }
}
