package io.streamplane.oca.steering;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which appliance holds which titles, as last read from the appliances' inventories (the appliances are the source of
 * truth; this is re-derived after a restart by reading them again).
 */
public final class Holdings {
  private final Map<String, Set<String>> titlesByAppliance = new ConcurrentHashMap<>();

  public void replace(String applianceId, Set<String> titleIds) {
    titlesByAppliance.put(applianceId, Set.copyOf(titleIds));
  }

  public void forget(String applianceId) {
    titlesByAppliance.remove(applianceId);
  }

  /** Ids of the appliances holding the title. */
  public Set<String> holdersOf(String titleId) {
    Set<String> holders = new java.util.HashSet<>();
    titlesByAppliance.forEach((appliance, titles) -> {
      if (titles.contains(titleId)) {
        holders.add(appliance);
      }
    });
    return holders;
  }
}
