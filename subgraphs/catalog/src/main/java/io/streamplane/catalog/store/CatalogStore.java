package io.streamplane.catalog.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleAssets;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The catalog's data: Cassandra keyspace {@code catalog} with EVCache in front of every hot read (read-through with
 * bulk gets, write-through on upserts). A batch of ids costs one cache bulk read plus, for the misses, one store read.
 */
public final class CatalogStore {
  /** The browse partition holding every title. */
  public static final String ALL_GENRES = "_all";
  private static final String GENRES_KEY = "all";

  private final CqlSession session;
  private final CatalogCaches caches;
  private final NearCache<Title> nearTitles;
  private final NearCache<Episode> nearEpisodes;
  private final LongAdder storeBulkReads = new LongAdder();
  private final LongAdder lookups = new LongAdder();

  private final PreparedStatement selectTitles;
  private final PreparedStatement selectEpisodes;
  private final PreparedStatement selectBrowseFirst;
  private final PreparedStatement selectBrowseAfter;
  private final PreparedStatement selectGenres;
  private final PreparedStatement selectAssets;
  private final PreparedStatement selectChanges;
  private final PreparedStatement selectSeed;
  private final PreparedStatement insertTitle;
  private final PreparedStatement insertEpisode;
  private final PreparedStatement deleteEpisode;
  private final PreparedStatement insertBrowse;
  private final PreparedStatement deleteBrowse;
  private final PreparedStatement insertGenre;
  private final PreparedStatement insertAssets;
  private final PreparedStatement insertChange;
  private final PreparedStatement insertSeed;

  public CatalogStore(CqlSession session, CatalogCaches caches) {
    this(session, caches, NearCache.disabled(), NearCache.disabled());
  }

  public CatalogStore(CqlSession session, CatalogCaches caches, NearCache<Title> nearTitles,
      NearCache<Episode> nearEpisodes) {
    this.session = session;
    this.caches = caches;
    this.nearTitles = nearTitles;
    this.nearEpisodes = nearEpisodes;
    selectTitles = session.prepare("SELECT id, doc FROM titles WHERE id IN ?");
    selectEpisodes = session.prepare("SELECT id, doc FROM episodes WHERE id IN ?");
    selectBrowseFirst = session.prepare(
        "SELECT popularity, title_id FROM titles_by_genre WHERE genre_id = ? LIMIT ?");
    selectBrowseAfter = session.prepare("SELECT popularity, title_id FROM titles_by_genre WHERE genre_id = ?"
        + " AND (popularity, title_id) < (?, ?) LIMIT ?");
    selectGenres = session.prepare("SELECT id, name FROM genres");
    selectAssets = session.prepare("SELECT doc FROM title_assets WHERE title_id = ?");
    selectChanges = session.prepare("SELECT changed_at, title_id FROM title_changes WHERE day = ? AND changed_at > ?");
    selectSeed = session.prepare("SELECT titles FROM seed_state WHERE name = ?");
    insertTitle = session.prepare("INSERT INTO titles (id, doc, updated_at) VALUES (?, ?, ?)");
    insertEpisode = session.prepare("INSERT INTO episodes (id, title_id, doc) VALUES (?, ?, ?)");
    deleteEpisode = session.prepare("DELETE FROM episodes WHERE id = ?");
    insertBrowse = session.prepare("INSERT INTO titles_by_genre (genre_id, popularity, title_id) VALUES (?, ?, ?)");
    deleteBrowse = session.prepare(
        "DELETE FROM titles_by_genre WHERE genre_id = ? AND popularity = ? AND title_id = ?");
    insertGenre = session.prepare("INSERT INTO genres (id, name) VALUES (?, ?)");
    insertAssets = session.prepare("INSERT INTO title_assets (title_id, doc, updated_at) VALUES (?, ?, ?)");
    insertChange = session.prepare("INSERT INTO title_changes (day, changed_at, title_id) VALUES (?, ?, ?)");
    insertSeed = session.prepare("INSERT INTO seed_state (name, titles, seeded_at) VALUES (?, ?, ?)");
  }

  // ------------------------------------------------------------------ reads

  public Map<String, Loaded<Title>> titles(Collection<String> ids, Duration timeout) {
    lookups.increment();
    return bulkLoad(ids, nearTitles, caches.titles(), selectTitles, Documents::title, timeout);
  }

  public Map<String, Loaded<Episode>> episodes(Collection<String> ids, Duration timeout) {
    lookups.increment();
    return bulkLoad(ids, nearEpisodes, caches.episodes(), selectEpisodes, Documents::episode, timeout);
  }

  /**
   * The near cache, then one EVCache bulk read, then the misses in one {@code IN} query; what the store had goes back
   * into both caches.
   */
  private <T> Map<String, Loaded<T>> bulkLoad(Collection<String> ids, NearCache<T> near, ReadThroughCache cache,
      PreparedStatement select, Function<String, T> decode, Duration timeout) {
    Set<String> unique = new LinkedHashSet<>(ids);
    Map<String, Loaded<T>> result = new LinkedHashMap<>();
    Map<String, T> local = near.getAll(unique);
    local.forEach((id, value) -> result.put(id, Loaded.found(value)));
    List<String> remote = unique.stream().filter(id -> !local.containsKey(id)).toList();
    if (remote.isEmpty()) {
      return result;
    }
    Map<String, String> cached = cache.getAll(remote);
    Map<String, T> decoded = new HashMap<>();
    cached.forEach((id, json) -> decoded.put(id, decode.apply(json)));
    List<String> misses = remote.stream().filter(id -> !cached.containsKey(id)).toList();
    if (misses.isEmpty()) {
      near.putAll(decoded);
      decoded.forEach((id, value) -> result.put(id, Loaded.found(value)));
      return result;
    }
    decoded.forEach((id, value) -> result.put(id, Loaded.found(value)));
    storeBulkReads.increment();
    try {
      Map<String, String> fromStore = new HashMap<>();
      for (Row row : session.execute(select.bind(misses).setTimeout(timeout))) {
        fromStore.put(row.getString("id"), row.getString("doc"));
      }
      cache.putAll(fromStore);
      for (String id : misses) {
        String json = fromStore.get(id);
        if (json == null) {
          result.put(id, Loaded.absent());
        } else {
          T value = decode.apply(json);
          decoded.put(id, value);
          result.put(id, Loaded.found(value));
        }
      }
      near.putAll(decoded);
    } catch (DriverException e) {
      misses.forEach(id -> result.put(id, Loaded.storeUnavailable()));
    }
    return result;
  }

  /**
   * Titles read from Cassandra only. The change-log follower uses this: another replica's write-through to EVCache may
   * not have landed yet, and a stale copy in a search index would never be corrected.
   */
  public Map<String, Loaded<Title>> titlesFromStore(Collection<String> ids, Duration timeout) {
    return bulkLoad(ids, NearCache.disabled(), ReadThroughCache.NONE, selectTitles, Documents::title, timeout);
  }

  /** Up to {@code limit} rows of a genre's popularity order after {@code after} (null for the first page). */
  public List<BrowseRow> browse(String genreId, BrowseRow after, int limit, Duration timeout) {
    BoundStatement bound = after == null
        ? selectBrowseFirst.bind(genreId, limit)
        : selectBrowseAfter.bind(genreId, after.popularity(), after.titleId(), limit);
    List<BrowseRow> rows = new ArrayList<>();
    for (Row row : read(bound.setTimeout(timeout))) {
      rows.add(new BrowseRow(row.getDouble(0), row.getString(1)));
    }
    return rows;
  }

  public List<Genre> genres(Duration timeout) {
    String cached = caches.genres().getAll(List.of(GENRES_KEY)).get(GENRES_KEY);
    if (cached != null) {
      return Documents.genres(cached);
    }
    return genresFromStore(timeout);
  }

  /** Whether a genre exists; a genre missing from a cached list is looked up in the store (it may be brand new). */
  public boolean genreExists(String genreId, Duration timeout) {
    return genres(timeout).stream().anyMatch(g -> g.id().equals(genreId))
        || genresFromStore(timeout).stream().anyMatch(g -> g.id().equals(genreId));
  }

  private List<Genre> genresFromStore(Duration timeout) {
    List<Genre> genres = new ArrayList<>();
    for (Row row : read(selectGenres.bind().setTimeout(timeout))) {
      genres.add(new Genre(row.getString("id"), row.getString("name")));
    }
    genres.sort(Comparator.comparing(Genre::name));
    caches.genres().putAll(Map.of(GENRES_KEY, Documents.write(genres)));
    return genres;
  }

  public Optional<TitleAssets> assets(String titleId, Duration timeout) {
    String cached = caches.assets().getAll(List.of(titleId)).get(titleId);
    if (cached != null) {
      return Optional.of(Documents.assets(cached));
    }
    Row row = read(selectAssets.bind(titleId).setTimeout(timeout)).one();
    if (row == null) {
      return Optional.empty();
    }
    caches.assets().putAll(Map.of(titleId, row.getString(0)));
    return Optional.of(Documents.assets(row.getString(0)));
  }

  /** Every title, streamed page by page from the store (search index builds; never the request path). */
  public void forEachTitle(Consumer<Title> consumer) {
    for (Row row : read(session.prepare("SELECT doc FROM titles").bind().setTimeout(Duration.ofSeconds(30)))) {
      consumer.accept(Documents.title(row.getString(0)));
    }
  }

  /** Titles changed after {@code after} (a timeuuid from an earlier call, or a time-based one), oldest first. */
  public List<TitleChange> changesSince(UUID after, Instant now) {
    List<TitleChange> changes = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      for (Row row : read(selectChanges.bind(day.toString(), after))) {
        changes.add(new TitleChange(row.getUuid(0), row.getString(1)));
      }
    }
    return changes;
  }

  public Optional<Integer> seededTitles() {
    Row row = read(selectSeed.bind("demo")).one();
    return row == null ? Optional.empty() : Optional.of(row.getInt(0));
  }

  public long storeBulkReads() {
    return storeBulkReads.sum();
  }

  /** Calls to {@link #titles} and {@link #episodes}: one per DataLoader batch. */
  public long lookups() {
    return lookups.sum();
  }

  public NearCache<Title> nearTitles() {
    return nearTitles;
  }

  /** Titles another replica changed: drop our decoded copies so the next read goes to EVCache. */
  public void forgetNear(Collection<String> titleIds) {
    nearTitles.invalidateAll(titleIds);
  }

  // ------------------------------------------------------------------ writes

  /**
   * Creates or replaces a title atomically (logged batch): its document, browse rows, episodes and a change-log entry;
   * then writes it through to the cache.
   */
  public void upsertTitle(Title title) {
    nearTitles.invalidateAll(List.of(title.id()));  // the previous version must come from the shared caches or store
    Loaded<Title> loaded = titles(List.of(title.id()), Duration.ofSeconds(2)).get(title.id());
    if (loaded.unavailable()) {
      throw unavailable(null);
    }
    Title previous = loaded.value();
    requireOwnEpisodes(title);
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED);
    if (previous != null) {
      // Only rows that go away: a delete and an insert of the same row in one batch share a timestamp, and then the
      // delete wins.
      List<String> kept = previous.popularity() == title.popularity() ? browseGenres(title) : List.of();
      for (String genreId : browseGenres(previous)) {
        if (!kept.contains(genreId)) {
          batch.addStatement(deleteBrowse.bind(genreId, previous.popularity(), previous.id()));
        }
      }
      Set<String> keptEpisodes = new HashSet<>();
      title.episodes().forEach(e -> keptEpisodes.add(e.id()));
      previous.episodes().stream().filter(e -> !keptEpisodes.contains(e.id()))
          .forEach(e -> batch.addStatement(deleteEpisode.bind(e.id())));
    }
    writeStatements(title, Instant.now()).forEach(batch::addStatement);
    write(batch.build());
    writeThrough(title, previous);
  }

  /** An episode id names one episode of one show: a title may not take over another title's episodes. */
  private void requireOwnEpisodes(Title title) {
    List<String> ids = title.episodes().stream().map(Episode::id).toList();
    for (Map.Entry<String, Loaded<Episode>> entry : episodes(ids, Duration.ofSeconds(2)).entrySet()) {
      Episode existing = entry.getValue().value();
      if (entry.getValue().unavailable()) {
        throw unavailable(null);
      }
      if (existing != null && !existing.titleId().equals(title.id())) {
        throw new ServiceException(ErrorCode.CONFLICT,
            "episode " + entry.getKey() + " belongs to title " + existing.titleId());
      }
    }
  }

  /**
   * Seeding path: many titles concurrently, no read of a previous version (seed data is deterministic, so a repeat
   * writes the same rows). Each row is its own write: they live in different partitions.
   */
  public CompletionStage<Void> insertAsync(Title title, Instant at) {
    CompletableFuture<?>[] writes = writeStatements(title, at).stream()
        .map(statement -> session.executeAsync(statement).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes);
  }

  private List<BoundStatement> writeStatements(Title title, Instant at) {
    List<BoundStatement> statements = new ArrayList<>();
    statements.add(insertTitle.bind(title.id(), Documents.write(title), at));
    for (String genreId : browseGenres(title)) {
      statements.add(insertBrowse.bind(genreId, title.popularity(), title.id()));
    }
    for (Genre genre : title.genres()) {
      statements.add(insertGenre.bind(genre.id(), genre.name()));
    }
    for (Episode episode : title.episodes()) {
      statements.add(insertEpisode.bind(episode.id(), title.id(), Documents.write(episode)));
    }
    statements.add(insertChange.bind(LocalDate.ofInstant(at, ZoneOffset.UTC).toString(),
        Uuids.timeBased(), title.id()));
    return statements;
  }

  private void writeThrough(Title title, Title previous) {
    caches.titles().putAll(Map.of(title.id(), Documents.write(title)));
    nearTitles.putAll(Map.of(title.id(), title));
    Map<String, String> episodes = new HashMap<>();
    Map<String, Episode> decodedEpisodes = new HashMap<>();
    title.episodes().forEach(e -> {
      episodes.put(e.id(), Documents.write(e));
      decodedEpisodes.put(e.id(), e);
    });
    caches.episodes().putAll(episodes);
    nearEpisodes.putAll(decodedEpisodes);
    if (previous != null) {
      List<String> removed = previous.episodes().stream().map(Episode::id).filter(id -> !episodes.containsKey(id))
          .toList();
      removed.forEach(id -> caches.episodes().invalidate(id));
      nearEpisodes.invalidateAll(removed);
    }
    caches.genres().invalidate(GENRES_KEY);
  }

  public void upsertAssets(TitleAssets assets) {
    String json = Documents.write(assets);
    write(insertAssets.bind(assets.titleId(), json, assets.updatedAt()));
    caches.assets().putAll(Map.of(assets.titleId(), json));
  }

  public void markSeeded(int titles) {
    write(insertSeed.bind("demo", titles, Instant.now()));
  }

  /** After a bulk seed: the genre list changed under the cache. */
  public void invalidateGenres() {
    caches.genres().invalidate(GENRES_KEY);
  }

  private static List<String> browseGenres(Title title) {
    List<String> ids = new ArrayList<>();
    ids.add(ALL_GENRES);
    title.genres().forEach(g -> ids.add(g.id()));
    return ids;
  }

  private ResultSet read(Statement<?> s) {
    try {
      return session.execute(s);
    } catch (DriverException e) {
      throw unavailable(e);
    }
  }

  private void write(Statement<?> s) {
    read(s);
  }

  /** The one error every catalog read or write gives while Cassandra cannot be reached. */
  public static ServiceException unavailable(Throwable cause) {
    return ServiceException.unavailable("the catalog store is unavailable, try again shortly", cause);
  }

  /** One change-log entry. */
  public record TitleChange(UUID changedAt, String titleId) {}
}
