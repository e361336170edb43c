package io.streamplane.catalog.query;

import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Season;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.Ids;
import io.streamplane.catalog.model.MaturityRating;
import io.streamplane.catalog.model.Title;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ServiceException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for titles written by operators and the encoding farm; every violation is a BAD_USER_INPUT naming the field. */
public final class TitleValidation {
  private static final Pattern GENRE_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

  private TitleValidation() {}

  public static Title validate(Title title) {
    Ids.require(title.id(), "title");
    require(title.kind() != null, "kind is required");
    text(title.name(), "name", 200, true);
    text(title.synopsis(), "synopsis", 2000, false);
    require(title.releaseYear() >= 1888 && title.releaseYear() <= 2100, "releaseYear must be between 1888 and 2100");
    require(title.runtimeMinutes() >= 1 && title.runtimeMinutes() <= 1000, "runtimeMinutes must be between 1 and 1000");
    MaturityRating rating = title.maturityRating();
    require(rating != null, "maturityRating is required");
    text(rating.label(), "maturityRating.label", 20, true);
    require(rating.minimumAge() >= 0 && rating.minimumAge() <= 21, "maturityRating.minimumAge must be 0..21");
    require(!title.genres().isEmpty() && title.genres().size() <= 10, "a title has 1 to 10 genres");
    Set<String> genreIds = new HashSet<>();
    for (Genre genre : title.genres()) {
      require(GENRE_ID.matcher(genre.id()).matches(), "genre id '" + genre.id() + "' must match [a-z0-9-]{1,40}");
      text(genre.name(), "genre name", 60, true);
      require(genreIds.add(genre.id()), "genre '" + genre.id() + "' is listed twice");
    }
    require(title.availability().size() <= 300, "at most 300 availability windows");
    for (AvailabilityWindow window : title.availability()) {
      require(window.country() != null && window.country().equals(Caller.normaliseCountry(window.country())),
          "availability country must be an ISO 3166-1 alpha-2 code such as US");
      require(window.from() != null, "availability.from is required");
      require(window.until() == null || window.until().isAfter(window.from()),
          "availability.until must be after availability.from");
    }
    require(title.seasons().size() <= 100, "at most 100 seasons");
    Set<String> episodeIds = new HashSet<>();
    for (Season season : title.seasons()) {
      require(season.episodes().size() <= 500, "at most 500 episodes per season");
      for (Episode episode : season.episodes()) {
        Ids.require(episode.id(), "episode");
        require(episodeIds.add(episode.id()), "episode " + episode.id() + " is listed twice");
        require(title.id().equals(episode.titleId()) && episode.seasonNumber() == season.number(),
            "episode " + episode.id() + " must belong to this title and season");
        text(episode.name(), "episode name", 200, true);
      }
    }
    languages(title.audioLanguages(), "audioLanguages");
    languages(title.subtitleLanguages(), "subtitleLanguages");
    require(Double.isFinite(title.popularity()) && title.popularity() >= 0, "popularity must be a number >= 0");
    return title;
  }

  private static void languages(List<String> languages, String field) {
    require(languages.size() <= 50, field + " has at most 50 entries");
    for (String language : languages) {
      require(language != null && LANGUAGE.matcher(language).matches(),
          field + " entries are BCP 47 language tags such as en or pt-BR");
    }
  }

  private static void text(String value, String field, int max, boolean required) {
    if (value == null || value.isBlank()) {
      require(!required, field + " is required");
      return;
    }
    require(value.length() <= max, field + " is limited to " + max + " characters");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw ServiceException.badInput(message);
    }
  }
}
