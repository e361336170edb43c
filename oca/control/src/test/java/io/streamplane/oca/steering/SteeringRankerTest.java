package io.streamplane.oca.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.fleet.Health;
import io.streamplane.oca.fleet.Tier;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SteeringRankerTest {
  private static final InetAddress CLIENT_OF_ISP_A = address("10.1.2.3");
  private static final InetAddress CLIENT_ELSEWHERE = address("192.0.2.7");

  /** Prefix match by the first two octets, enough to tell the test's networks apart. */
  private final SteeringRanker ranker = new SteeringRanker(0.85, (appliance, client) -> appliance.advertisedPrefixes()
      .stream().anyMatch(p -> client.getHostAddress().startsWith(p.substring(0, p.indexOf(".0.0/")) + ".")));

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FleetRegistry.Member member(String id, Tier tier, String prefix, double load,
      FleetRegistry.Status status) {
    Appliance appliance = new Appliance(id, tier, "site-" + id, 64500, prefix == null ? List.of() : List.of(prefix),
        1000, "http://" + id, id + ":9");
    return new FleetRegistry.Member(appliance, new Health(load, 0, 0, status == FleetRegistry.Status.DRAINING),
        status, Instant.EPOCH);
  }

  private final List<FleetRegistry.Member> fleet = List.of(
      member("isp-a", Tier.FLASH, "10.1.0.0/16", 0.3, FleetRegistry.Status.UP),
      member("isp-b", Tier.FLASH, "10.2.0.0/16", 0.1, FleetRegistry.Status.UP),
      member("ix-1", Tier.STORAGE, null, 0.5, FleetRegistry.Status.UP),
      member("ix-2", Tier.STORAGE, null, 0.2, FleetRegistry.Status.UP));

  private List<String> ids(List<SteeringRanker.Ranked> ranked) {
    return ranked.stream().map(SteeringRanker.Ranked::applianceId).toList();
  }

  @Test
  void embeddedInTheClientsNetworkFirstThenExchangeThenOrigin() {
    List<SteeringRanker.Ranked> ranked = ranker.rank(fleet, Set.of("isp-a", "isp-b", "ix-1", "ix-2"), CLIENT_OF_ISP_A,
        "http://origin");
    assertEquals(List.of("isp-a", "ix-2", "ix-1", "origin"), ids(ranked));  // isp-b refuses clients of ISP A
    assertTrue(ranked.get(0).reason().contains("embedded"), ranked.get(0).reason());
    assertTrue(ranked.get(1).reason().contains("exchange"));
    assertEquals("http://origin", ranked.get(3).baseUrl());
  }

  @Test
  void clientsOutsideEveryIspGetTheExchange() {
    assertEquals(List.of("ix-2", "ix-1", "origin"),
        ids(ranker.rank(fleet, Set.of("isp-a", "ix-1", "ix-2"), CLIENT_ELSEWHERE, "http://origin")));
  }

  @Test
  void onlyAppliancesHoldingTheTitleAndAlive() {
    List<FleetRegistry.Member> withDeadEmbedded = List.of(
        member("isp-a", Tier.FLASH, "10.1.0.0/16", 0.3, FleetRegistry.Status.DOWN), fleet.get(2), fleet.get(3));
    assertEquals(List.of("ix-1", "origin"),
        ids(ranker.rank(withDeadEmbedded, Set.of("isp-a", "ix-1"), CLIENT_OF_ISP_A, "http://origin")));
  }

  @Test
  void busyAndDrainingAppliancesGoLast() {
    List<FleetRegistry.Member> busy = List.of(
        member("isp-a", Tier.FLASH, "10.1.0.0/16", 0.95, FleetRegistry.Status.UP),
        member("ix-1", Tier.STORAGE, null, 0.5, FleetRegistry.Status.DRAINING),
        member("ix-2", Tier.STORAGE, null, 0.2, FleetRegistry.Status.UP));
    List<SteeringRanker.Ranked> ranked = ranker.rank(busy, Set.of("isp-a", "ix-1", "ix-2"), CLIENT_OF_ISP_A,
        "http://origin");
    assertEquals(List.of("ix-2", "isp-a", "ix-1", "origin"), ids(ranked));
    assertTrue(ranked.get(1).reason().startsWith("overloaded"), ranked.get(1).reason());
    assertTrue(ranked.get(2).reason().startsWith("draining"));
  }
}
