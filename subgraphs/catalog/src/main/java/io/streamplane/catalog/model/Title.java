package io.streamplane.catalog.model;

import java.time.Instant;
import java.util.List;

/**
 * A movie or a show with everything the browse path shows about it. Stored and cached as one document so a page of
 * titles is one bulk read; a show carries its seasons and episodes.
 */
public record Title(
    String id,
    TitleKind kind,
    String name,
    String synopsis,
    int releaseYear,
    int runtimeMinutes,
    MaturityRating maturityRating,
    List<Genre> genres,
    List<Credit> credits,
    List<Artwork> artwork,
    List<AvailabilityWindow> availability,
    List<String> audioLanguages,
    List<String> subtitleLanguages,
    List<Season> seasons,
    double popularity) {

  public Title {
    genres = List.copyOf(genres);
    credits = List.copyOf(credits);
    artwork = List.copyOf(artwork);
    availability = List.copyOf(availability);
    audioLanguages = List.copyOf(audioLanguages);
    subtitleLanguages = List.copyOf(subtitleLanguages);
    seasons = List.copyOf(seasons);
  }

  public boolean availableIn(String country, Instant at) {
    for (AvailabilityWindow window : availability) {
      if (window.covers(country, at)) {
        return true;
      }
    }
    return false;
  }

  /** Available now, or in a window that opens later (a release the fleet can prepare for). */
  public boolean availableOrUpcomingIn(String country, Instant at) {
    for (AvailabilityWindow window : availability) {
      if (window.country().equals(country) && (window.until() == null || at.isBefore(window.until()))) {
        return true;
      }
    }
    return false;
  }

  public List<Episode> episodes() {
    return seasons.stream().flatMap(season -> season.episodes().stream()).toList();
  }
}
