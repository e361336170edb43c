package io.streamplane.catalog.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.BrowseRow;
import io.streamplane.catalog.store.Loaded;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BrowsePagerTest {
  /** 100 titles, popularity 100..1; every third one is not visible to the caller. */
  private final List<Title> titles = new ArrayList<>();
  private final List<BrowseRow> rows = new ArrayList<>();
  private int rowReads;

  BrowsePagerTest() {
    for (int i = 0; i < 100; i++) {
      Title t = TestTitles.movie(Long.toString(80_000_000 + i), "T" + i, 100 - i, i % 3 == 0 ? "GB" : "US");
      titles.add(t);
      rows.add(new BrowseRow(t.popularity(), t.id()));
    }
    rows.sort(Comparator.comparingDouble(BrowseRow::popularity).reversed());
  }

  private final Predicate<Title> usViewer = t -> t.availability().get(0).country().equals("US");

  private BrowsePager.RowSource rowSource() {
    return (after, limit) -> {
      rowReads++;
      int start = after == null ? 0 : rows.indexOf(after) + 1;
      return rows.subList(start, Math.min(rows.size(), start + limit));
    };
  }

  private Map<String, Loaded<Title>> load(List<String> ids) {
    Map<String, Loaded<Title>> map = new LinkedHashMap<>();
    ids.forEach(id -> map.put(id, Loaded.found(titles.get(Integer.parseInt(id) - 80_000_000))));
    return map;
  }

  @Test
  void pagesThroughEveryVisibleTitleOnceInPopularityOrder() {
    List<String> seen = new ArrayList<>();
    BrowseRow after = null;
    boolean more = true;
    int pages = 0;
    while (more) {
      BrowsePager.Page page = BrowsePager.page(rowSource(), this::load, usViewer, 7, after);
      page.edges().forEach(e -> seen.add(e.title().id()));
      more = page.hasNextPage();
      after = page.edges().isEmpty() ? null : BrowseCursor.decode(page.endCursor());
      pages++;
    }
    List<String> expected = titles.stream().filter(usViewer).map(Title::id).toList();
    assertEquals(expected, seen);  // ids ascend exactly as popularity descends
    assertEquals((expected.size() + 6) / 7, pages);
  }

  @Test
  void lastPageSaysThereIsNoMore() {
    BrowsePager.Page page = BrowsePager.page(rowSource(), this::load, usViewer, 100, null);
    assertEquals(66, page.edges().size());
    assertFalse(page.hasNextPage());
  }

  @Test
  void readsRowsInChunksNotOneByOne() {
    BrowsePager.page(rowSource(), this::load, usViewer, 20, null);
    assertTrue(rowReads <= 2, "row reads: " + rowReads);
  }

  @Test
  void pageSizeIsValidated() {
    assertEquals(20, BrowsePager.validatePageSize(null));
    for (int bad : new int[] {0, -1, 101}) {
      ServiceException e = assertThrows(ServiceException.class, () -> BrowsePager.validatePageSize(bad));
      assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
    }
  }

  @Test
  void storeOutageIsUnavailableNotAnEmptyPage() {
    ServiceException e = assertThrows(ServiceException.class, () -> BrowsePager.page(rowSource(),
        ids -> {
          Map<String, Loaded<Title>> map = new LinkedHashMap<>();
          ids.forEach(id -> map.put(id, Loaded.storeUnavailable()));
          return map;
        }, usViewer, 5, null));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
  }
}
