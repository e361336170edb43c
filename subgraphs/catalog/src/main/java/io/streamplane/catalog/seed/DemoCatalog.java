package io.streamplane.catalog.seed;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic-looking catalog: the same (count, seed) always gives the same titles, so the demo stack,
 * the tests and the benchmarks agree on ids. About a third are series with seasons and episodes; popularity follows a
 * Zipf-like curve; availability differs by country, with some titles coming soon and some expired.
 */
public final class DemoCatalog {
  public static final long DEFAULT_SEED = 20261126L;
  public static final long FIRST_TITLE_ID = 80_000_001L;
  public static final long FIRST_EPISODE_ID = 81_000_001L;
  /** Availability is laid out relative to this instant, so the data does not depend on when it was generated. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  public static final List<Genre> GENRES = List.of(
      new Genre("action", "Action"), new Genre("adventure", "Adventure"), new Genre("animation", "Animation"),
      new Genre("anime", "Anime"), new Genre("comedy", "Comedy"), new Genre("crime", "Crime"),
      new Genre("documentary", "Documentary"), new Genre("drama", "Drama"), new Genre("family", "Family"),
      new Genre("fantasy", "Fantasy"), new Genre("horror", "Horror"), new Genre("k-drama", "K-Drama"),
      new Genre("mystery", "Mystery"), new Genre("reality", "Reality TV"), new Genre("romance", "Romance"),
      new Genre("sci-fi", "Sci-Fi"), new Genre("stand-up", "Stand-Up Comedy"), new Genre("thriller", "Thriller"),
      new Genre("war", "War"), new Genre("western", "Western"));

  public static final List<String> COUNTRIES =
      List.of("US", "GB", "CA", "DE", "FR", "ES", "BR", "MX", "JP", "KR", "IN", "AU");

  private static final String[] ADJECTIVES = {"Silent", "Broken", "Golden", "Midnight", "Hidden", "Last", "Crimson",
      "Frozen", "Wild", "Distant", "Electric", "Forgotten", "Burning", "Hollow", "Savage", "Gentle", "Iron", "Secret",
      "Shattered", "Velvet", "Lonely", "Restless", "Northern", "Fallen", "Bright", "Dark", "Endless", "Quiet", "Stolen",
      "Lucky"};
  private static final String[] NOUNS = {"Harbor", "Kingdom", "Protocol", "Garden", "River", "Empire", "Signal",
      "Witness", "Frontier", "Orchard", "Station", "Horizon", "Mirror", "Covenant", "Voyage", "Circuit", "Lantern",
      "Summit", "Tide", "Archive", "Canyon", "Carnival", "Dynasty", "Echo", "Fortress", "Galaxy", "Heist", "Island",
      "Jungle", "Labyrinth", "Monarch", "Nomad", "Oracle", "Paradox", "Quarry", "Refuge", "Shadow", "Tempest",
      "Umbrella", "Vault"};
  private static final String[] PATTERNS = {"The %a %n", "%a %n", "%n of the %a", "The %n", "%a %n: Reckoning",
      "Return to %n", "Beyond the %n", "%n %r", "The %n Files", "%a Hearts"};
  private static final String[] FIRST_NAMES = {"Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Lena", "Omar", "Yuki",
      "Mateo", "Ingrid", "Ravi", "Chloe", "Diego", "Hana", "Felix", "Amara", "Jonas", "Priya", "Lucas", "Sofia",
      "Kwame", "Elena", "Hiro", "Nadia", "Tomas", "Aisha", "Milo", "Clara", "Arjun"};
  private static final String[] LAST_NAMES = {"Okafor", "Lindqvist", "Tanaka", "Moreau", "Castillo", "Novak",
      "Haddad", "Kowalski", "Fernandes", "Brennan", "Sato", "Adeyemi", "Vasquez", "Schmidt", "Kim", "Rossi",
      "Petrov", "Nakamura", "Oliveira", "Walsh", "Dubois", "Mensah", "Larsen", "Choi", "Romero", "Gupta", "Byrne",
      "Costa", "Weber", "Silva"};
  private static final String[] ROMAN = {"II", "III", "IV", "V"};
  private static final String[] VERBS = {"uncovers", "confronts", "races against", "falls for", "betrays",
      "searches for", "escapes", "protects", "hunts", "rebuilds"};
  private static final String[] SUBJECTS = {"A reluctant detective", "Two estranged sisters", "A disgraced pilot",
      "An ambitious chef", "A small-town teacher", "A rookie hacker", "A retired spy", "A touring band",
      "A family of inventors", "A lonely astronaut"};
  private static final String[] OBJECTS = {"a buried family secret", "a conspiracy at the heart of the city",
      "the rival who ruined everything", "a stranger with no memory", "the storm of the century",
      "an ancient curse", "a billion-dollar fraud", "the end of the world as they know it", "a second chance",
      "the truth about their past"};
  private static final String[] ART_TAGS = {"faces", "close-up", "group", "dark", "bright", "action", "romance",
      "landscape", "text-free", "villain"};
  private static final String[] LANGUAGES = {"es", "fr", "de", "ja", "ko", "pt", "hi", "it"};
  private static final String[][] MOVIE_RATINGS = {{"G", "0"}, {"PG", "7"}, {"PG-13", "13"}, {"R", "17"},
      {"NC-17", "18"}};
  private static final String[][] SHOW_RATINGS = {{"TV-Y", "0"}, {"TV-Y7", "7"}, {"TV-PG", "10"}, {"TV-14", "14"},
      {"TV-MA", "17"}};

  private DemoCatalog() {}

  public static List<Title> generate(int count) {
    return generate(count, DEFAULT_SEED);
  }

  public static List<Title> generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] popularityRank = shuffledRanks(count, random.split());
    List<Title> titles = new ArrayList<>(count);
    long nextEpisodeId = FIRST_EPISODE_ID;
    for (int i = 0; i < count; i++) {
      SplittableRandom r = random.split();
      String id = Long.toString(FIRST_TITLE_ID + i);
      TitleKind kind = r.nextInt(100) < 35 ? TitleKind.SHOW : TitleKind.MOVIE;
      int year = 1985 + r.nextInt(41);
      List<Season> seasons = new ArrayList<>();
      if (kind == TitleKind.SHOW) {
        int seasonCount = 1 + r.nextInt(3);
        for (int s = 1; s <= seasonCount; s++) {
          List<Episode> episodes = new ArrayList<>();
          int episodeCount = 6 + r.nextInt(5);
          for (int e = 1; e <= episodeCount; e++) {
            episodes.add(new Episode(Long.toString(nextEpisodeId++), id, s, e,
                "Chapter " + e + ": The " + pick(r, NOUNS), sentence(r), 35 + r.nextInt(30)));
          }
          seasons.add(new Season(s, Math.min(2026, year + s - 1), episodes));
        }
      }
      double popularity = Math.round(1_000_000.0 / Math.pow(popularityRank[i], 0.9)) / 1000.0;
      String[] rating = pick(r, kind == TitleKind.SHOW ? SHOW_RATINGS : MOVIE_RATINGS);
      titles.add(new Title(id, kind, name(r), sentence(r) + " " + sentence(r), year,
          kind == TitleKind.SHOW ? 40 + r.nextInt(20) : 85 + r.nextInt(65),
          new MaturityRating(rating[0], Integer.parseInt(rating[1])),
          genres(r), credits(r, kind), artwork(r, id), availability(r, year), audio(r), subtitles(r),
          seasons, popularity));
    }
    return titles;
  }

  private static int[] shuffledRanks(int count, SplittableRandom r) {
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = i + 1;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int swap = ranks[i];
      ranks[i] = ranks[j];
      ranks[j] = swap;
    }
    return ranks;
  }

  private static String name(SplittableRandom r) {
    return pick(r, PATTERNS)
        .replace("%a", pick(r, ADJECTIVES))
        .replace("%n", pick(r, NOUNS))
        .replace("%r", pick(r, ROMAN));
  }

  private static String sentence(SplittableRandom r) {
    return pick(r, SUBJECTS) + " " + pick(r, VERBS) + " " + pick(r, OBJECTS) + ".";
  }

  private static List<Genre> genres(SplittableRandom r) {
    Set<Genre> genres = new LinkedHashSet<>();
    int n = 1 + r.nextInt(3);
    while (genres.size() < n) {
      genres.add(GENRES.get(r.nextInt(GENRES.size())));
    }
    return List.copyOf(genres);
  }

  private static List<Credit> credits(SplittableRandom r, TitleKind kind) {
    List<Credit> credits = new ArrayList<>();
    Set<Integer> people = new LinkedHashSet<>();
    int actors = 4 + r.nextInt(5);
    while (people.size() < actors + 2) {
      people.add(r.nextInt(FIRST_NAMES.length * LAST_NAMES.length));
    }
    int i = 0;
    for (int person : people) {
      String personId = "p" + (1000 + person);
      String name = FIRST_NAMES[person / LAST_NAMES.length] + " " + LAST_NAMES[person % LAST_NAMES.length];
      if (i < actors) {
        credits.add(new Credit(personId, name, CreditRole.ACTOR, pick(r, FIRST_NAMES)));
      } else if (i == actors) {
        credits.add(new Credit(personId, name, kind == TitleKind.SHOW ? CreditRole.CREATOR : CreditRole.DIRECTOR, null));
      } else {
        credits.add(new Credit(personId, name, CreditRole.WRITER, null));
      }
      i++;
    }
    return credits;
  }

  private static List<Artwork> artwork(SplittableRandom r, String titleId) {
    List<Artwork> artwork = new ArrayList<>();
    String base = "https://img.streamplane.example/titles/" + titleId + "/";
    int boxarts = 2 + r.nextInt(3);
    for (int v = 1; v <= boxarts; v++) {
      artwork.add(new Artwork(titleId + "-boxart-" + v, ArtworkKind.BOXART, base + "boxart-" + v + ".jpg", 342, 192,
          tags(r), "en"));
    }
    artwork.add(new Artwork(titleId + "-billboard-1", ArtworkKind.BILLBOARD, base + "billboard-1.jpg", 1920, 1080,
        tags(r), "en"));
    artwork.add(new Artwork(titleId + "-logo-1", ArtworkKind.LOGO, base + "logo-1.png", 600, 200, List.of("text"),
        "en"));
    return artwork;
  }

  private static List<String> tags(SplittableRandom r) {
    Set<String> tags = new LinkedHashSet<>();
    int n = 1 + r.nextInt(3);
    while (tags.size() < n) {
      tags.add(pick(r, ART_TAGS));
    }
    return List.copyOf(tags);
  }

  /**
   * Most titles are available in the US and several other countries from their launch; a few are coming soon
   * (window opens after {@link #EPOCH} + 2 years) and a few have expired in some countries.
   */
  private static List<AvailabilityWindow> availability(SplittableRandom r, int year) {
    List<AvailabilityWindow> windows = new ArrayList<>();
    Instant launch = LocalDate.of(Math.max(2016, Math.min(year, 2025)), 1 + r.nextInt(12), 1)
        .atStartOfDay().toInstant(ZoneOffset.UTC);
    boolean comingSoon = r.nextInt(100) < 3;
    for (String country : COUNTRIES) {
      boolean home = country.equals("US");
      if (!(home ? r.nextInt(100) < 92 : r.nextInt(100) < 55)) {
        continue;
      }
      Instant from = comingSoon ? EPOCH.plusSeconds(2L * 365 * 86400) : launch;
      Instant until = !comingSoon && r.nextInt(100) < 3 ? launch.plusSeconds(180L * 86400) : null;
      windows.add(new AvailabilityWindow(country, from, until));
    }
    return windows;
  }

  private static List<String> audio(SplittableRandom r) {
    Set<String> languages = new LinkedHashSet<>(List.of("en"));
    int extra = r.nextInt(4);
    for (int i = 0; i < extra; i++) {
      languages.add(pick(r, LANGUAGES));
    }
    return List.copyOf(languages);
  }

  private static List<String> subtitles(SplittableRandom r) {
    Set<String> languages = new LinkedHashSet<>(List.of("en"));
    int extra = 2 + r.nextInt(6);
    for (int i = 0; i < extra; i++) {
      languages.add(pick(r, LANGUAGES));
    }
    return List.copyOf(languages);
  }

  private static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
