package io.streamplane.oca.steering;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.FleetRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Ranks where one playback should fetch its segments from. Best first: an appliance embedded in the client's network
 * (it advertises the client's prefix), then storage appliances at the exchange, then anything busy or draining, and the
 * origin always last. Embedded appliances of other networks are never offered: they refuse clients outside their
 * prefixes. Down appliances are never offered.
 */
public final class SteeringRanker {
  private final double loadThreshold;
  private final BiPredicate<Appliance, InetAddress> advertisesClient;

  /**
   * @param loadThreshold load (0..1) above which an appliance is only offered after every other appliance
   * @param advertisesClient whether an appliance's advertised prefixes contain the client's address
   */
  public SteeringRanker(double loadThreshold, BiPredicate<Appliance, InetAddress> advertisesClient) {
    this.loadThreshold = loadThreshold;
    this.advertisesClient = advertisesClient;
  }

  /** One ranked source and why it has its place (for debugging playback). */
  public record Ranked(String applianceId, String baseUrl, String reason) {
    public static final String ORIGIN = "origin";
  }

  /**
   * @param holders ids of the appliances that hold the title's assets
   */
  public List<Ranked> rank(List<FleetRegistry.Member> fleet, Set<String> holders, InetAddress client,
      String originBaseUrl) {
    record Candidate(FleetRegistry.Member member, int band, String reason) {}
    List<Candidate> candidates = new ArrayList<>();
    for (FleetRegistry.Member member : fleet) {
      Appliance appliance = member.appliance();
      if (member.status() == FleetRegistry.Status.DOWN || !holders.contains(appliance.id())) {
        continue;
      }
      boolean inNetwork = appliance.embedded() && advertisesClient.test(appliance, client);
      if (appliance.embedded() && !inNetwork) {
        continue;
      }
      double load = member.health().load();
      if (member.status() == FleetRegistry.Status.DRAINING) {
        candidates.add(new Candidate(member, 3, "draining: only while nothing better holds the title"));
      } else if (load > loadThreshold) {
        candidates.add(new Candidate(member, 2, String.format("overloaded (load %.2f > %.2f)", load, loadThreshold)));
      } else if (inNetwork) {
        candidates.add(new Candidate(member, 0, "embedded in the client's network (" + appliance.site() + ", AS"
            + appliance.asn() + ")"));
      } else {
        candidates.add(new Candidate(member, 1, "storage appliance at the exchange (" + appliance.site() + ")"));
      }
    }
    candidates.sort(Comparator.comparingInt(Candidate::band)
        .thenComparingDouble(c -> c.member().health().load())
        .thenComparing(c -> c.member().appliance().id()));
    List<Ranked> ranked = new ArrayList<>();
    for (Candidate c : candidates) {
      ranked.add(new Ranked(c.member().appliance().id(), c.member().appliance().baseUrl(), c.reason()));
    }
    ranked.add(new Ranked(Ranked.ORIGIN, originBaseUrl, "origin: last resort"));
    return ranked;
  }
}
