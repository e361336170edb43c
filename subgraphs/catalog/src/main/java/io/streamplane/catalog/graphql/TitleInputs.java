package io.streamplane.catalog.graphql;

import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.MaturityRating;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleKind;
import io.streamplane.platform.errors.ServiceException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads the {@code TitleInput} GraphQL argument into a title; what the input does not carry is kept from before. */
final class TitleInputs {
  private TitleInputs() {}

  @SuppressWarnings("unchecked")
  static Title toTitle(Map<String, Object> input, Title previous) {
    Map<String, Object> rating = (Map<String, Object>) input.get("maturityRating");
    List<Map<String, Object>> genres = (List<Map<String, Object>>) input.get("genres");
    List<Map<String, Object>> windows = (List<Map<String, Object>>) input.get("availability");
    return new Title(
        (String) input.get("id"),
        TitleKind.valueOf((String) input.get("kind")),
        (String) input.get("name"),
        (String) input.get("synopsis"),
        (Integer) input.get("releaseYear"),
        (Integer) input.get("runtimeMinutes"),
        new MaturityRating((String) rating.get("label"), (Integer) rating.get("minimumAge")),
        genres.stream().map(g -> new Genre((String) g.get("id"), (String) g.get("name"))).toList(),
        previous == null ? List.of() : previous.credits(),
        previous == null ? List.of() : previous.artwork(),
        windows.stream().map(w -> new AvailabilityWindow((String) w.get("country"),
            instant((String) w.get("from"), "from"), instant((String) w.get("until"), "until"))).toList(),
        (List<String>) input.get("audioLanguages"),
        (List<String>) input.get("subtitleLanguages"),
        previous == null ? List.of() : previous.seasons(),
        ((Number) input.get("popularity")).doubleValue());
  }

  private static Instant instant(String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ServiceException.badInput("availability." + field + " must be an ISO-8601 instant such as "
          + "2026-01-01T00:00:00Z");
    }
  }
}
