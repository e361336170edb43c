package io.streamplane.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.catalog.TestTitles;
import io.streamplane.catalog.model.Title;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TitleSearchIndexTest {
  private final TitleSearchIndex index = new TitleSearchIndex();

  TitleSearchIndexTest() {
    index.upsert(List.of(
        TestTitles.movie("1", "Stranger Harbor", 10, "US"),
        TestTitles.movie("2", "The Strange Harbor Files", 900, "US"),
        TestTitles.movie("3", "Harbor", 50, "US"),
        TestTitles.movie("4", "Amélie of the Garden", 5, "US"),
        TestTitles.movie("5", "Midnight Protocol", 1, "US"),
        TestTitles.movie("6", "Midnight Protocol", 800, "GB"),
        TestTitles.show("7", "Electric Kingdom", 30, "81000001", "US"),
        TestTitles.movie("8", "Kingdom of Ice", 30, "US")));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private List<String> ids(String text) {
    return index.search(text, "US", 10).stream().map(TitleSearchIndex.Hit::titleId).toList();
  }

  @Test
  void exactNameBeatsAMorePopularPartialMatch() {
    assertEquals("1", ids("stranger harbor").get(0));
    assertEquals("3", ids("Harbor").get(0));
  }

  @Test
  void toleratesTypos() {
    assertEquals("1", ids("strnager harbr").get(0));        // transposition + deletion
    assertEquals("5", ids("midnigt protcol").get(0));
    assertTrue(ids("kingdon").containsAll(List.of("7", "8")));
    index.upsert(List.of(TestTitles.movie("11", "Quixotic Zephyr Parade", 1, "US")));
    assertEquals("11", ids("quixotik zephir").get(0));
  }

  @Test
  void shortWordsMustMatchExactly() {
    assertEquals(0, TitleSearchIndex.maxEdits("ice"));
    assertEquals(1, TitleSearchIndex.maxEdits("harbr"));
    assertEquals(2, TitleSearchIndex.maxEdits("strnager"));
    assertEquals(List.of("8"), ids("ice"));
    assertEquals(List.of(), ids("icy"));
  }

  @Test
  void matchesAsYouTypeAndFoldsAccents() {
    assertEquals("4", ids("amelie").get(0));
    assertEquals("4", ids("Amélie gard").get(0));
  }

  @Test
  void findsPeopleAndOnlyTitlesOfTheCountry() {
    assertTrue(ids("Ava Okafor").containsAll(List.of("1", "2", "3", "5")));
    assertEquals(List.of("5"), ids("midnight protocol").stream().filter(id -> id.startsWith("5") || id.equals("6"))
        .toList());
    assertEquals("6", index.search("midnight protocol", "GB", 5).get(0).titleId());
  }

  @Test
  void popularityBreaksTiesBetweenEquallyGoodMatches() {
    Title popular = TestTitles.movie("9", "Twin Peaks Motel", 1000, "US");
    Title obscure = TestTitles.movie("10", "Twin Peaks Motel", 1, "US");
    index.upsert(List.of(obscure, popular));
    assertEquals(List.of("9", "10"), ids("twin peaks motel").subList(0, 2));
  }

  @Test
  void updatesReplaceTheOldDocument() {
    index.upsert(List.of(TestTitles.movie("3", "Lighthouse", 50, "US")));
    assertTrue(!ids("harbor").contains("3"));
    assertEquals("3", ids("lighthouse").get(0));
    assertEquals(8, index.size());
  }

  @Test
  void emptyOrPunctuationOnlyTextFindsNothing() {
    assertEquals(List.of(), ids("!!! ???"));
  }
}
