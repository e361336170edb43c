package io.streamplane.oca.placement;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what each appliance holds. Storage appliances hold the whole catalog (most popular first if it does not
 * fit); flash appliances hold the most popular titles that fit their capacity. Titles released within the look-ahead
 * are placed as if already out, so their bytes are in place before the first viewer asks; titles further out wait.
 */
public final class PlacementPlanner {
  private final Duration prePositionLookahead;
  /** Share of a flash appliance kept free for churn between fill windows. */
  private final double flashHeadroom;

  public PlacementPlanner(Duration prePositionLookahead, double flashHeadroom) {
    if (flashHeadroom < 0 || flashHeadroom >= 1) {
      throw new IllegalArgumentException("flash headroom is a share in [0, 1)");
    }
    this.prePositionLookahead = prePositionLookahead;
    this.flashHeadroom = flashHeadroom;
  }

  /** Appliance id → titles it should hold, most popular first. */
  public Map<String, Set<String>> plan(List<Appliance> appliances, List<TitleDemand> catalog, Instant now) {
    Instant horizon = now.plus(prePositionLookahead);
    List<TitleDemand> placeable = catalog.stream()
        .filter(t -> !t.availableFrom().isAfter(horizon))
        .sorted(Comparator.comparingDouble(TitleDemand::popularity).reversed().thenComparing(TitleDemand::titleId))
        .toList();
    Map<String, Set<String>> placement = new LinkedHashMap<>();
    for (Appliance appliance : appliances) {
      long budget = appliance.tier() == Tier.FLASH
          ? (long) (appliance.capacityBytes() * (1 - flashHeadroom))
          : appliance.capacityBytes();
      placement.put(appliance.id(), fill(placeable, budget));
    }
    return placement;
  }

  /** Most popular first; a title that does not fit is skipped so smaller, less popular ones may still use the space. */
  private static Set<String> fill(List<TitleDemand> byPopularity, long budget) {
    Set<String> chosen = new LinkedHashSet<>();
    long used = 0;
    for (TitleDemand title : byPopularity) {
      if (used + title.sizeBytes() <= budget) {
        chosen.add(title.titleId());
        used += title.sizeBytes();
      }
    }
    return chosen;
  }

  /** What to send one appliance to move it from what it holds to what it should hold: evictions first. */
  public record Commands(String applianceId, List<String> evict, List<String> fill) {
    public boolean isEmpty() {
      return evict.isEmpty() && fill.isEmpty();
    }
  }

  public static Commands diff(String applianceId, Set<String> held, Set<String> wanted) {
    List<String> evict = new ArrayList<>();
    for (String title : held) {
      if (!wanted.contains(title)) {
        evict.add(title);
      }
    }
    List<String> fill = new ArrayList<>();
    for (String title : wanted) {  // wanted is ordered by popularity: the most watched bytes arrive first
      if (!held.contains(title)) {
        fill.add(title);
      }
    }
    return new Commands(applianceId, evict, fill);
  }
}
