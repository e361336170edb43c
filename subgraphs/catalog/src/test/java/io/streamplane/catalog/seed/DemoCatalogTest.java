package io.streamplane.catalog.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleKind;
import io.streamplane.catalog.query.TitleValidation;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoCatalogTest {
  @Test
  void isDeterministic() {
    assertEquals(DemoCatalog.generate(300), DemoCatalog.generate(300));
  }

  @Test
  void looksLikeARealCatalog() {
    List<Title> titles = DemoCatalog.generate(2000);
    assertEquals(2000, titles.size());
    Set<String> ids = new HashSet<>();
    Set<String> episodeIds = new HashSet<>();
    int shows = 0;
    int availableInUs = 0;
    Instant now = Instant.parse("2026-11-26T00:00:00Z");
    for (Title t : titles) {
      TitleValidation.validate(t);  // seed data obeys the same rules as operator writes
      assertTrue(ids.add(t.id()));
      if (t.kind() == TitleKind.SHOW) {
        shows++;
        assertTrue(!t.seasons().isEmpty() && !t.episodes().isEmpty(), t.id());
        t.episodes().forEach(e -> assertTrue(episodeIds.add(e.id())));
      } else {
        assertTrue(t.seasons().isEmpty());
      }
      assertTrue(t.artwork().size() >= 3, "several artwork variants");
      if (t.availableIn("US", now)) {
        availableInUs++;
      }
    }
    assertTrue(shows > 500 && shows < 900, "shows: " + shows);
    assertTrue(availableInUs > 1600 && availableInUs < 1950, "available in US: " + availableInUs);
    assertTrue(titles.stream().anyMatch(t -> !t.availableIn("US", now) && t.availability().stream()
        .anyMatch(w -> w.from().isAfter(now))), "some titles are coming soon");
  }

  @Test
  void popularityIsSkewedLikeRealViewing() {
    List<Double> popularity = DemoCatalog.generate(2000).stream().map(Title::popularity)
        .sorted((a, b) -> Double.compare(b, a)).toList();
    double top10 = popularity.subList(0, 10).stream().mapToDouble(Double::doubleValue).sum();
    double total = popularity.stream().mapToDouble(Double::doubleValue).sum();
    assertTrue(top10 / total > 0.1, "the top 10 of 2,000 hold over 10 % of the popularity: " + top10 / total);
  }
}
