package io.streamplane.catalog.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.MaturityRating;
import io.streamplane.catalog.model.Title;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TitleValidationTest {
  private final Title valid = TestTitles.movie("80000001", "Fine", 1, "US");

  private static Title copy(Title t, String id, String name, int year, MaturityRating rating, List<Genre> genres,
      List<AvailabilityWindow> windows, List<String> audio, double popularity) {
    return new Title(id, t.kind(), name, t.synopsis(), year, t.runtimeMinutes(), rating, genres, t.credits(),
        t.artwork(), windows, audio, t.subtitleLanguages(), t.seasons(), popularity);
  }

  @Test
  void acceptsAValidTitle() {
    assertEquals(valid, TitleValidation.validate(valid));
  }

  @Test
  void rejectsEachBadFieldWithAMessageNamingIt() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<UnaryOperator<Title>> breakers = List.of(
        t -> copy(t, "x1", t.name(), 2020, t.maturityRating(), t.genres(), t.availability(), t.audioLanguages(), 1),
        t -> copy(t, t.id(), " ", 2020, t.maturityRating(), t.genres(), t.availability(), t.audioLanguages(), 1),
        t -> copy(t, t.id(), "n".repeat(201), 2020, t.maturityRating(), t.genres(), t.availability(),
            t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 1700, t.maturityRating(), t.genres(), t.availability(), t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, new MaturityRating("X", 99), t.genres(), t.availability(),
            t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), List.of(), t.availability(), t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), List.of(new Genre("Bad Id", "x")), t.availability(),
            t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), t.genres(),
            List.of(new AvailabilityWindow("usa", t0, null)), t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), t.genres(),
            List.of(new AvailabilityWindow("US", t0, t0.minusSeconds(1))), t.audioLanguages(), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), t.genres(), t.availability(), List.of("English"), 1),
        t -> copy(t, t.id(), t.name(), 2020, t.maturityRating(), t.genres(), t.availability(), t.audioLanguages(),
            Double.NaN));
    for (UnaryOperator<Title> breaker : breakers) {
      Title bad = breaker.apply(valid);
      ServiceException e = assertThrows(ServiceException.class, () -> TitleValidation.validate(bad), bad.toString());
      assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
      assertTrue(!e.getMessage().isBlank());
    }
  }
}
