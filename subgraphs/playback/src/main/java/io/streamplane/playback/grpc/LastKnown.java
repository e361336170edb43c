package io.streamplane.playback.grpc;

import io.streamplane.platform.cache.ReadThroughCache;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fallback of a read from a peer: the last answer it gave, kept in EVCache (shared by every replica), served when
 * the peer is down or its circuit is open. Only non-secret data goes here (never content keys).
 */
public final class LastKnown<T> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ReadThroughCache cache;
  private final String prefix;
  private final Class<T> type;

  public LastKnown(ReadThroughCache cache, String prefix, Class<T> type) {
    this.cache = cache;
    this.prefix = prefix;
    this.type = type;
  }

  public void remember(String key, T value) {
    cache.putAll(Map.of(prefix + key, JSON.writeValueAsString(value)));
  }

  public Optional<T> recall(String key) {
    String json = cache.getAll(List.of(prefix + key)).get(prefix + key);
    return json == null ? Optional.empty() : Optional.of(JSON.readValue(json, type));
  }
}
