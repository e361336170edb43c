package io.streamplane.registry.http;

import io.streamplane.platform.errors.ServiceException;
import io.streamplane.registry.store.RegistryStore;
import io.streamplane.registry.store.SupergraphVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Read-only views for the API and the reviewers' page. */
@Component
public class RegistryQueries {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RegistryStore store;

  public RegistryQueries(com.datastax.oss.driver.api.core.CqlSession session) {
    this.store = new RegistryStore(session);
  }

  public record VersionSummary(int version, String origin, Instant createdAt, Map<String, String> revisions) {}

  public record SubgraphSummary(String name, String routingUrl, String revision, int sinceVersion) {}

  public List<VersionSummary> versions(String graph, int limit) {
    return store.history(graph, Math.min(Math.max(limit, 1), 500)).stream()
        .map(v -> new VersionSummary(v.version(), v.origin(), v.createdAt(), v.revisions())).toList();
  }

  public SupergraphVersion version(String graph, int version) {
    return store.version(graph, version)
        .orElseThrow(() -> ServiceException.notFound("graph " + graph + " has no version " + version));
  }

  /** The live subgraphs and the version in which each got its current schema. */
  public List<SubgraphSummary> subgraphs(String graph) {
    List<SupergraphVersion> history = store.history(graph, 500);
    if (history.isEmpty()) {
      return List.of();
    }
    SupergraphVersion live = history.get(0);
    List<SubgraphSummary> subgraphs = new ArrayList<>();
    for (String name : live.subgraphSdls().keySet()) {
      int since = live.version();
      for (SupergraphVersion older : history) {
        if (!live.subgraphSdls().get(name).equals(older.subgraphSdls().get(name))) {
          break;
        }
        since = older.version();
      }
      subgraphs.add(new SubgraphSummary(name, live.routingUrls().get(name), live.revisions().get(name), since));
    }
    return subgraphs;
  }

  public List<Map<String, Object>> failedPublishes(String graph) {
    List<Map<String, Object>> attempts = new ArrayList<>();
    for (RegistryStore.Attempt attempt : store.failedPublishes(graph, 50)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", attempt.at());
      row.put("subgraph", attempt.subgraph());
      row.put("revision", attempt.revision());
      row.put("errors", JSON.readValue(attempt.errorsJson(), List.class));
      attempts.add(row);
    }
    return attempts;
  }

  public List<Map<String, Object>> checks(String graph) {
    List<Map<String, Object>> checks = new ArrayList<>();
    for (RegistryStore.CheckRecord check : store.checks(graph, 50)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", check.at());
      row.put("subgraph", check.subgraph());
      row.put("verdict", check.verdict());
      row.put("result", JSON.readValue(check.resultJson(), Map.class));
      checks.add(row);
    }
    return checks;
  }
}
