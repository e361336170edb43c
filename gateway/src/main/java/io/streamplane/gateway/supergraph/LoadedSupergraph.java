package io.streamplane.gateway.supergraph;

import graphql.language.Document;
import io.streamplane.federation.querygraph.QueryGraph;
import io.streamplane.federation.supergraph.Subgraph;
import io.streamplane.federation.supergraph.SubgraphField;
import io.streamplane.federation.supergraph.SubgraphType;
import io.streamplane.federation.supergraph.Supergraph;
import io.streamplane.federation.supergraph.SupergraphReader;
import io.streamplane.gateway.plan.QueryPlan;
import io.streamplane.gateway.plan.QueryPlanner;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything derived from one supergraph, swapped as a unit on reload: the model, the planner and the plan cache.
 * Requests keep the instance they started with, so a reload never changes a plan half-way.
 */
public final class LoadedSupergraph {

  private static final Pattern PERCENT = Pattern.compile("percent\\((\\d+(?:\\.\\d+)?)\\)");
  private static final int MAX_CACHED_PLANS = 2048;

  private final Supergraph supergraph;
  private final QueryPlanner planner;
  private final Set<String> overrideLabels = new TreeSet<>();
  private final ConcurrentHashMap<String, QueryPlan> plans = new ConcurrentHashMap<>();
  /** Documents that parsed, passed the limits and validated against this API schema, by query text. */
  private final ConcurrentHashMap<String, Document> documents = new ConcurrentHashMap<>();

  public LoadedSupergraph(String sdl) {
    this.supergraph = SupergraphReader.read(sdl);
    this.planner = new QueryPlanner(new QueryGraph(supergraph));
    for (Subgraph s : supergraph.subgraphs().values()) {
      for (SubgraphType t : s.types().values()) {
        for (SubgraphField f : t.fields().values()) {
          if (f.overrideLabel() != null) {
            overrideLabels.add(f.overrideLabel());
          }
        }
      }
    }
  }

  public Supergraph supergraph() {
    return supergraph;
  }

  public QueryPlanner planner() {
    return planner;
  }

  public QueryPlan cachedPlan(String key) {
    return plans.get(key);
  }

  public void cachePlan(String key, QueryPlan plan) {
    if (plans.size() >= MAX_CACHED_PLANS) {
      plans.clear(); // crude but bounded; hot operations come back on the next request
    }
    plans.put(key, plan);
  }

  public Document cachedDocument(String query) {
    return documents.get(query);
  }

  public void cacheDocument(String query, Document document) {
    if (documents.size() >= MAX_CACHED_PLANS) {
      documents.clear();
    }
    documents.put(query, document);
  }

  /**
   * Progressive-override labels active for one request: {@code percent(n)} labels are rolled per request; other labels
   * are switched on by name through {@code enabled} (e.g. from a request header).
   */
  public Set<String> activeLabels(Set<String> enabled) {
    if (overrideLabels.isEmpty()) {
      return Set.of();
    }
    Set<String> active = new TreeSet<>();
    for (String label : overrideLabels) {
      Matcher m = PERCENT.matcher(label);
      if (m.matches() ? ThreadLocalRandom.current().nextDouble(100) < Double.parseDouble(m.group(1)) : enabled.contains(label)) {
        active.add(label);
      }
    }
    return active;
  }
}
