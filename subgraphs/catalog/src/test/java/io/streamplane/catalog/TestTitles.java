package io.streamplane.catalog;

import io.streamplane.catalog.model.Artwork;
import io.streamplane.catalog.model.ArtworkKind;
import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Credit;
import io.streamplane.catalog.model.CreditRole;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.MaturityRating;
import io.streamplane.catalog.model.Season;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleKind;
import java.time.Instant;
import java.util.List;

/** Small hand-made titles for tests. */
public final class TestTitles {
  public static final Instant LAUNCH = Instant.parse("2020-01-01T00:00:00Z");

  private TestTitles() {}

  public static Title movie(String id, String name, double popularity, String... countries) {
    return new Title(id, TitleKind.MOVIE, name, "A story about " + name + ".", 2020, 100,
        new MaturityRating("PG-13", 13), List.of(new Genre("drama", "Drama")),
        List.of(new Credit("p1", "Ava Okafor", CreditRole.ACTOR, "Lead"),
            new Credit("p2", "Noah Tanaka", CreditRole.DIRECTOR, null)),
        List.of(new Artwork(id + "-a", ArtworkKind.BOXART, "https://img.example/" + id + ".jpg", 342, 192,
            List.of("faces", "dark"), "en")),
        windows(countries), List.of("en"), List.of("en", "es"), List.of(), popularity);
  }

  public static Title show(String id, String name, double popularity, String firstEpisodeId, String... countries) {
    long episodeId = Long.parseLong(firstEpisodeId);
    List<Episode> episodes = List.of(
        new Episode(Long.toString(episodeId), id, 1, 1, "Pilot", "It begins.", 50),
        new Episode(Long.toString(episodeId + 1), id, 1, 2, "The Second One", "It goes on.", 48));
    return new Title(id, TitleKind.SHOW, name, "A series about " + name + ".", 2021, 50,
        new MaturityRating("TV-MA", 17), List.of(new Genre("comedy", "Comedy")),
        List.of(new Credit("p3", "Mia Rossi", CreditRole.ACTOR, "Host")), List.of(), windows(countries),
        List.of("en"), List.of("en"), List.of(new Season(1, 2021, episodes)), popularity);
  }

  public static Title withGenres(Title t, Genre... genres) {
    return new Title(t.id(), t.kind(), t.name(), t.synopsis(), t.releaseYear(), t.runtimeMinutes(), t.maturityRating(),
        List.of(genres), t.credits(), t.artwork(), t.availability(), t.audioLanguages(), t.subtitleLanguages(),
        t.seasons(), t.popularity());
  }

  public static Title withPopularity(Title t, double popularity) {
    return new Title(t.id(), t.kind(), t.name(), t.synopsis(), t.releaseYear(), t.runtimeMinutes(), t.maturityRating(),
        t.genres(), t.credits(), t.artwork(), t.availability(), t.audioLanguages(), t.subtitleLanguages(),
        t.seasons(), popularity);
  }

  private static List<AvailabilityWindow> windows(String... countries) {
    String[] list = countries.length == 0 ? new String[] {"US"} : countries;
    return java.util.Arrays.stream(list).map(c -> new AvailabilityWindow(c, LAUNCH, null)).toList();
  }
}
