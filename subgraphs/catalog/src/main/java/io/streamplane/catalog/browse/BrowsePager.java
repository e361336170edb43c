package io.streamplane.catalog.browse;

import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.BrowseRow;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.catalog.store.Loaded;
import io.streamplane.platform.errors.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds one page of a genre's titles in popularity order, skipping titles the caller may not see (not available in
 * their country). Reads the ordered ids in chunks so a page needs few store round trips even when many are skipped.
 */
public final class BrowsePager {
  public static final int MAX_PAGE_SIZE = 100;
  private static final int MIN_CHUNK = 24;

  /** Ordered rows of a genre after a position (null = from the start). */
  @FunctionalInterface
  public interface RowSource {
    List<BrowseRow> rows(BrowseRow after, int limit);
  }

  /** Bulk title lookup. */
  @FunctionalInterface
  public interface TitleSource {
    Map<String, Loaded<Title>> titles(List<String> ids);
  }

  public record Edge(String cursor, Title title) {}

  public record Page(List<Edge> edges, boolean hasNextPage) {
    public String endCursor() {
      return edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
    }
  }

  private BrowsePager() {}

  public static int validatePageSize(Integer first) {
    int size = first == null ? 20 : first;
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ServiceException.badInput("'first' must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
    }
    return size;
  }

  public static Page page(RowSource rows, TitleSource titles, Predicate<Title> visible, int first, BrowseRow after) {
    List<Edge> edges = new ArrayList<>(first);
    BrowseRow position = after;
    int chunk = Math.max(MIN_CHUNK, first + first / 2 + 1);
    while (true) {
      List<BrowseRow> batch = rows.rows(position, chunk);
      Map<String, Loaded<Title>> loaded = titles.titles(batch.stream().map(BrowseRow::titleId).toList());
      for (BrowseRow row : batch) {
        Loaded<Title> title = loaded.get(row.titleId());
        if (title == null || title.value() == null) {
          if (title != null && title.unavailable()) {
            throw CatalogStore.unavailable(null);
          }
          continue;  // a browse row whose title was deleted: skip it
        }
        if (!visible.test(title.value())) {
          continue;
        }
        if (edges.size() == first) {
          return new Page(edges, true);  // one more visible title exists
        }
        edges.add(new Edge(BrowseCursor.encode(row), title.value()));
      }
      if (batch.size() < chunk) {
        return new Page(edges, false);
      }
      position = batch.get(batch.size() - 1);
    }
  }
}
