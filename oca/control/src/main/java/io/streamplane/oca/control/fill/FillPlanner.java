package io.streamplane.oca.control.fill;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.Tier;
import io.streamplane.oca.placement.FillWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a placement into commands for the appliances: per appliance, evict the titles it should no longer hold, then
 * fill the missing files of the titles it should hold, most popular first, inside its fill window. A flash appliance
 * fills a file from a storage appliance that already holds it (verified, same checksum), else from the origin.
 */
public final class FillPlanner {

  /**
   * An appliance as the fill plan sees it.
   *
   * @param held title → path → sha256 of what its inventory lists (empty sha256 for files not filled by us)
   */
  public record Site(Appliance appliance, boolean up, FillWindow window, Map<String, Map<String, String>> held) {
    boolean holds(String titleId, MediaFile file) {
      Map<String, String> paths = held.get(titleId);
      return paths != null && file.sha256Hex().equals(paths.get(file.path()));
    }
  }

  /** One file to fetch, with the appliances to try before the origin. */
  public record AssetFill(String titleId, MediaFile file, List<String> upstreamIds) {}

  /** What to send one appliance now: the Evict first, then the Fill, which must end by {@code deadline}. */
  public record Order(String applianceId, List<String> evictTitles, List<AssetFill> fills, Instant deadline) {}

  private final int maxFilesPerFill;

  /** @param maxFilesPerFill files in one Fill call; the rest follow in the next one */
  public FillPlanner(int maxFilesPerFill) {
    this.maxFilesPerFill = maxFilesPerFill;
  }

  /**
   * @param placement appliance id → titles it should hold, most popular first
   * @param media the titles the control plane knows; held titles it does not know are left alone (a catalog outage
   *     must never empty the fleet)
   */
  public List<Order> orders(List<Site> sites, Map<String, List<String>> placement,
      Map<String, TitleMedia> media, FillBook book, Instant now) {
    List<Order> orders = new ArrayList<>();
    for (Site site : sites) {
      String id = site.appliance().id();
      if (!site.up() || !site.window().isOpen(now) || book.inFlight(id)) {
        continue;
      }
      Set<String> wanted = new HashSet<>();
      List<AssetFill> fills = new ArrayList<>();
      for (String titleId : placement.getOrDefault(id, List.of())) {
        wanted.add(titleId);
        TitleMedia title = media.get(titleId);
        if (title == null || book.waiting(id, titleId, now)) {
          continue;
        }
        for (MediaFile file : title.files()) {
          if (fills.size() < maxFilesPerFill && !site.holds(titleId, file)) {
            fills.add(new AssetFill(titleId, file, upstreams(sites, site, titleId, file)));
          }
        }
      }
      List<String> evict = site.held().keySet().stream()
          .filter(t -> media.containsKey(t) && !wanted.contains(t)).sorted().toList();
      if (!evict.isEmpty() || !fills.isEmpty()) {
        orders.add(new Order(id, evict, fills, site.window().closesAt(now)));
      }
    }
    return orders;
  }

  private static List<String> upstreams(List<Site> sites, Site self, String titleId, MediaFile file) {
    List<String> upstreams = new ArrayList<>();
    for (Site other : sites) {
      if (other != self && other.up() && other.appliance().tier() == Tier.STORAGE && other.holds(titleId, file)) {
        upstreams.add(other.appliance().id());
      }
    }
    upstreams.sort(String::compareTo);
    return upstreams;
  }

  /**
   * Titles an appliance can serve whole: every known file held with its checksum. For a title the control plane has no
   * media for, holding any file counts (content placed by other means).
   */
  public static Set<String> completeTitles(Map<String, Map<String, String>> held, Map<String, TitleMedia> media) {
    Set<String> complete = new HashSet<>();
    held.forEach((titleId, paths) -> {
      TitleMedia title = media.get(titleId);
      if (title == null) {
        if (!paths.isEmpty()) {
          complete.add(titleId);
        }
      } else if (title.files().stream().allMatch(f -> f.sha256Hex().equals(paths.get(f.path())))) {
        complete.add(titleId);
      }
    });
    return complete;
  }
}
