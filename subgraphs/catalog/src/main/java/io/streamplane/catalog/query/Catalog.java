package io.streamplane.catalog.query;

import io.streamplane.catalog.browse.BrowseCursor;
import io.streamplane.catalog.browse.BrowsePager;
import io.streamplane.catalog.model.Ids;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.search.TitleSearchIndex;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.Loaded;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog's read and write operations with their rules (validation, country availability), shared by the GraphQL
 * and gRPC edges so both answer the same way.
 */
public final class Catalog {
  public static final int MAX_IDS = 100;
  public static final int MAX_GRPC_IDS = 500;

  private final CatalogStore store;
  private final TitleSearchIndex index;
  private final Clock clock;

  public Catalog(CatalogStore store, TitleSearchIndex index, Clock clock) {
    this.store = store;
    this.index = index;
    this.clock = clock;
  }

  public CatalogStore store() {
    return store;
  }

  public boolean visible(Title title, String country) {
    return title.availableIn(country, clock.instant());
  }

  /** The title if the caller may see it; NOT_FOUND when unknown or unavailable in the country, UNAVAILABLE on outage. */
  public Title requireVisible(String id, Loaded<Title> loaded, String country) {
    if (loaded == null || loaded.value() == null) {
      if (loaded != null && loaded.unavailable()) {
        throw unavailable();
      }
      throw ServiceException.notFound("no title with id " + id);
    }
    if (!visible(loaded.value(), country)) {
      throw ServiceException.notFound("title " + id + " is not available in " + country);
    }
    return loaded.value();
  }

  public static List<String> validateIds(List<String> ids, int max) {
    if (ids.size() > max) {
      throw ServiceException.badInput("at most " + max + " ids per request, got " + ids.size());
    }
    ids.forEach(id -> Ids.require(id, "title"));
    return ids;
  }

  public BrowsePager.Page browse(String genreId, Integer first, String after, String country, Duration timeout) {
    return browse(genreId, first, after, country, false, timeout);
  }

  /** With {@code includeUpcoming}, also titles whose window in the country opens later (for fill placement). */
  public BrowsePager.Page browse(String genreId, Integer first, String after, String country, boolean includeUpcoming,
      Duration timeout) {
    int size = BrowsePager.validatePageSize(first);
    String partition = genreId == null || genreId.isEmpty() ? CatalogStore.ALL_GENRES : requireGenre(genreId, timeout);
    return BrowsePager.page(
        (position, limit) -> store.browse(partition, position, limit, timeout),
        ids -> store.titles(ids, timeout),
        title -> includeUpcoming ? title.availableOrUpcomingIn(country, clock.instant()) : visible(title, country),
        size, BrowseCursor.decode(after));
  }

  private String requireGenre(String genreId, Duration timeout) {
    if (!genreId.matches("[a-z0-9-]{1,40}")) {
      throw ServiceException.badInput("malformed genre id '" + genreId + "'");
    }
    if (store.genreExists(genreId, timeout)) {
      return genreId;
    }
    throw ServiceException.notFound("no genre with id " + genreId);
  }

  public record SearchResult(float score, Title title) {}

  public List<SearchResult> search(String text, Integer first, String country, Duration timeout) {
    int size = first == null ? 20 : first;
    if (size < 1 || size > TitleSearchIndex.MAX_RESULTS) {
      throw ServiceException.badInput("'first' must be between 1 and " + TitleSearchIndex.MAX_RESULTS);
    }
    if (text == null || text.isBlank()) {
      throw ServiceException.badInput("search text must not be empty");
    }
    if (text.length() > TitleSearchIndex.MAX_TEXT_LENGTH) {
      throw ServiceException.badInput("search text is limited to " + TitleSearchIndex.MAX_TEXT_LENGTH + " characters");
    }
    // Ask for more than needed: a few hits may fall outside their availability window today.
    List<TitleSearchIndex.Hit> hits = index.search(text, country, Math.min(size * 2 + 10, 200));
    Map<String, Loaded<Title>> titles = store.titles(hits.stream().map(TitleSearchIndex.Hit::titleId).toList(), timeout);
    List<SearchResult> results = new ArrayList<>();
    for (TitleSearchIndex.Hit hit : hits) {
      Loaded<Title> title = titles.get(hit.titleId());
      if (title != null && title.unavailable()) {
        throw unavailable();
      }
      if (title != null && title.value() != null && visible(title.value(), country)) {
        results.add(new SearchResult(hit.score(), title.value()));
        if (results.size() == size) {
          break;
        }
      }
    }
    return results;
  }

  /** Writes the title and makes it searchable at once on this replica (others follow the change log). */
  public Title upsert(Title title) {
    store.upsertTitle(title);
    index.upsert(List.of(title));
    return title;
  }

  public static ServiceException unavailable() {
    return CatalogStore.unavailable(null);
  }
}
