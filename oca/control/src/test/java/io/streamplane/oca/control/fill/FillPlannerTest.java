package io.streamplane.oca.control.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.Tier;
import io.streamplane.oca.placement.FillWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FillPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  private static final FillWindow NIGHT = new FillWindow(LocalTime.of(2, 0), LocalTime.of(6, 0), ZoneOffset.UTC);
  private static final FillWindow AFTERNOON = new FillWindow(LocalTime.of(13, 0), LocalTime.of(15, 0), ZoneOffset.UTC);

  private static final MediaFile A1 = new MediaFile("v360_0/seg_00000.m4s", 100, "a".repeat(64));
  private static final MediaFile A2 = new MediaFile("v360_0/seg_00001.m4s", 100, "b".repeat(64));
  private static final MediaFile B1 = new MediaFile("manifest.mpd", 10, "c".repeat(64));
  private static final Map<String, TitleMedia> MEDIA = Map.of(
      "a", new TitleMedia("a", List.of(A1, A2), 0.9, NOW),
      "b", new TitleMedia("b", List.of(B1), 0.5, NOW));

  private final FillPlanner planner = new FillPlanner(100);
  private final FillBook book = new FillBook(new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10)), List.of());

  private static Appliance appliance(String id, Tier tier) {
    return new Appliance(id, tier, "site", 1, List.of("10.0.0.0/8"), 1_000, "http://" + id, id + ":9201");
  }

  private static FillPlanner.Site site(String id, Tier tier, FillWindow window, Map<String, Map<String, String>> held) {
    return new FillPlanner.Site(appliance(id, tier), true, window, held);
  }

  @Test
  void evictsTitlesNoLongerPlacedAndFillsMissingFilesMostPopularFirst() {
    var flash = site("isp", Tier.FLASH, NIGHT, Map.of("b", Map.of(B1.path(), B1.sha256Hex()),
        "a", Map.of(A1.path(), A1.sha256Hex())));
    List<FillPlanner.Order> orders = planner.orders(List.of(flash), Map.of("isp", List.of("a")), MEDIA, book, NOW);
    assertEquals(1, orders.size());
    FillPlanner.Order order = orders.get(0);
    assertEquals(List.of("b"), order.evictTitles());
    assertEquals(List.of(A2), order.fills().stream().map(FillPlanner.AssetFill::file).toList());
    assertEquals(Instant.parse("2026-11-26T06:00:00Z"), order.deadline());  // the end of the window
  }

  @Test
  void flashFillsFromAStorageApplianceThatHoldsTheVerifiedFileElseFromTheOrigin() {
    var storage = site("ix", Tier.STORAGE, NIGHT, Map.of("a", Map.of(A1.path(), A1.sha256Hex(),
        A2.path(), "f".repeat(64))));   // A2 held with another checksum: not a source for it
    var flash = site("isp", Tier.FLASH, NIGHT, Map.of());
    List<FillPlanner.Order> orders = planner.orders(List.of(storage, flash),
        Map.of("ix", List.of("a"), "isp", List.of("a")), MEDIA, book, NOW);
    FillPlanner.Order forFlash = orders.stream().filter(o -> o.applianceId().equals("isp")).findFirst().orElseThrow();
    assertEquals(List.of(List.of("ix"), List.of()),
        forFlash.fills().stream().map(FillPlanner.AssetFill::upstreamIds).toList());
    FillPlanner.Order forStorage = orders.stream().filter(o -> o.applianceId().equals("ix")).findFirst().orElseThrow();
    assertEquals(List.of(A2), forStorage.fills().stream().map(FillPlanner.AssetFill::file).toList());
  }

  @Test
  void nothingIsSentOutsideTheFillWindowToDownAppliancesOrWhileAFillRuns() {
    var closed = site("closed", Tier.FLASH, AFTERNOON, Map.of());
    var down = new FillPlanner.Site(appliance("down", Tier.FLASH), false, NIGHT, Map.of());
    var busy = site("busy", Tier.FLASH, NIGHT, Map.of());
    book.start("busy", Map.of("a", 200L), NOW);
    Map<String, List<String>> placement = Map.of("closed", List.of("a"), "down", List.of("a"), "busy", List.of("a"));
    assertEquals(List.of(), planner.orders(List.of(closed, down, busy), placement, MEDIA, book, NOW));
    assertEquals(1, planner.orders(List.of(closed), placement, MEDIA, book, Instant.parse("2026-11-26T13:30:00Z"))
        .size());
  }

  @Test
  void aFailedTitleWaitsForItsBackoffAndUnknownTitlesAreNeverEvicted() {
    var flash = site("isp", Tier.FLASH, NIGHT, Map.of("mystery", Map.of("x.m4s", "")));
    book.start("isp", Map.of("a", 200L), NOW);
    book.fileFailed("isp", "a", "DISK_FULL", "no space", NOW);
    book.finish("isp", NOW);
    Map<String, List<String>> placement = Map.of("isp", List.of("a"));
    assertEquals(List.of(), planner.orders(List.of(flash), placement, MEDIA, book, NOW.plusSeconds(4)));
    assertEquals(2, planner.orders(List.of(flash), placement, MEDIA, book, NOW.plusSeconds(5)).get(0).fills().size());
  }

  @Test
  void aFillCarriesAtMostTheConfiguredNumberOfFiles() {
    var flash = site("isp", Tier.FLASH, NIGHT, Map.of());
    List<FillPlanner.Order> orders = new FillPlanner(2).orders(List.of(flash), Map.of("isp", List.of("a", "b")), MEDIA,
        book, NOW);
    assertEquals(List.of(A1, A2), orders.get(0).fills().stream().map(FillPlanner.AssetFill::file).toList());
  }

  @Test
  void aTitleIsCompleteOnlyWithEveryFileAndItsChecksum() {
    Map<String, Map<String, String>> held = new HashMap<>();
    held.put("a", Map.of(A1.path(), A1.sha256Hex()));
    held.put("b", Map.of(B1.path(), B1.sha256Hex()));
    held.put("hand-placed", Map.of("x.m4s", ""));
    assertEquals(Set.of("b", "hand-placed"), FillPlanner.completeTitles(held, MEDIA));
    held.put("a", Map.of(A1.path(), A1.sha256Hex(), A2.path(), A2.sha256Hex()));
    assertTrue(FillPlanner.completeTitles(held, MEDIA).contains("a"));
  }
}
