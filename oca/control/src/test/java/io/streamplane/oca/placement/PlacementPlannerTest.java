package io.streamplane.oca.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  private final PlacementPlanner planner = new PlacementPlanner(Duration.ofDays(2), 0.1);

  private static Appliance appliance(String id, Tier tier, long capacity) {
    return new Appliance(id, tier, "site", 64500, List.of(), capacity, "http://x", "x:1");
  }

  private static TitleDemand title(String id, long size, double popularity) {
    return new TitleDemand(id, size, popularity, NOW.minus(Duration.ofDays(30)));
  }

  private final List<TitleDemand> catalog = List.of(
      title("hit", 400, 1000), title("big-second", 700, 500), title("third", 200, 300), title("tail-a", 100, 5),
      title("tail-b", 100, 4),
      new TitleDemand("premiere-tomorrow", 300, 800, NOW.plus(Duration.ofDays(1))),
      new TitleDemand("next-month", 300, 900, NOW.plus(Duration.ofDays(30))));

  @Test
  void storageHoldsEverythingReleasedOrAboutToBe() {
    Map<String, Set<String>> plan = planner.plan(List.of(appliance("ix", Tier.STORAGE, 10_000)), catalog, NOW);
    assertEquals(List.of("hit", "premiere-tomorrow", "big-second", "third", "tail-a", "tail-b"),
        List.copyOf(plan.get("ix")));
  }

  @Test
  void flashHoldsTheMostPopularBytesThatFitLeavingHeadroom() {
    // 1,000 bytes of capacity, 10 % headroom: 900 usable
    Map<String, Set<String>> plan = planner.plan(List.of(appliance("isp", Tier.FLASH, 1_000)), catalog, NOW);
    Set<String> held = plan.get("isp");
    assertEquals(List.of("hit", "premiere-tomorrow", "third"), List.copyOf(held));  // 900 bytes; big-second skipped
    assertFalse(held.contains("next-month"), "not pre-positioned a month ahead");
  }

  @Test
  void aSmallerTitleMayUseSpaceALargerOneCannot() {
    Map<String, Set<String>> plan = planner.plan(List.of(appliance("isp", Tier.FLASH, 1_112)), catalog, NOW);
    assertEquals(List.of("hit", "premiere-tomorrow", "third", "tail-a"), List.copyOf(plan.get("isp")));
  }

  @Test
  void diffEvictsFirstAndFillsMostPopularFirst() {
    Set<String> wanted = new LinkedHashSet<>(List.of("hit", "premiere-tomorrow", "third"));
    PlacementPlanner.Commands commands = PlacementPlanner.diff("isp", Set.of("third", "old"), wanted);
    assertEquals(List.of("old"), commands.evict());
    assertEquals(List.of("hit", "premiere-tomorrow"), commands.fill());
    assertTrue(PlacementPlanner.diff("isp", wanted, wanted).isEmpty());
  }

  @Test
  void fillWindowsAreLocalAndMayCrossMidnight() {
    FillWindow night = new FillWindow(LocalTime.of(22, 0), LocalTime.of(4, 0), ZoneId.of("Europe/Berlin"));
    assertTrue(night.isOpen(Instant.parse("2026-11-26T02:00:00Z")));    // 03:00 in Berlin
    assertFalse(night.isOpen(Instant.parse("2026-11-26T12:00:00Z")));   // 13:00
    assertTrue(night.isOpen(Instant.parse("2026-11-25T21:30:00Z")));    // 22:30
    assertEquals(Instant.parse("2026-11-26T03:00:00Z"), night.closesAt(Instant.parse("2026-11-26T02:00:00Z")));
    assertTrue(FillWindow.ALWAYS.isOpen(NOW));
  }
}
