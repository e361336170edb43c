package io.streamplane.catalog.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.graphql.dgs.DgsQueryExecutor;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.streamplane.catalog.CatalogServiceTestBase;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.store.CatalogCaches;
import io.streamplane.catalog.store.CatalogStore;
import io.streamplane.platform.caller.Caller;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

class CatalogGraphqlTest extends CatalogServiceTestBase {
  @Autowired DgsQueryExecutor graphql;
  @Autowired CatalogCaches caches;
  @Autowired CatalogStore store;

  private ExecutionResult run(String query, Map<String, Object> variables, String country, String roles) {
    HttpHeaders headers = new HttpHeaders();
    if (country != null) {
      headers.add(Caller.COUNTRY_HEADER, country);
    }
    if (roles != null) {
      headers.add(Caller.ROLES_HEADER, roles);
    }
    return graphql.execute(query, variables, Map.of(), headers, null, null);
  }

  private ExecutionResult run(String query, Map<String, Object> variables) {
    return run(query, variables, null, null);
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(ExecutionResult result, String... path) {
    Object node = result.getData();
    for (String key : path) {
      node = key.matches("\\d+") ? ((List<Object>) node).get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
    }
    return (T) node;
  }

  private static String code(GraphQLError error) {
    return (String) error.getExtensions().get("code");
  }

  private Title firstVisible(String country) {
    return DEMO.stream().filter(t -> visibleIn(t, country)).findFirst().orElseThrow();
  }

  @Test
  void titleWithEverythingTheBrowsePathShows() {
    Title show = DEMO.stream().filter(t -> !t.seasons().isEmpty() && visibleIn(t, "US")).findFirst().orElseThrow();
    ExecutionResult r = run("query($id: ID!) { title(id: $id) { id name kind releaseYear runtimeMinutes"
        + " maturityRating { label minimumAge } genres { id name } cast { person { id name } character }"
        + " crew { role person { name } } artwork(kind: BOXART) { id kind url width height tags }"
        + " availability { country from until } audioLanguages subtitleLanguages popularity"
        + " seasons { number episodes { id episodeNumber name show { id } } } } }", Map.of("id", show.id()));
    assertTrue(r.getErrors().isEmpty(), r.getErrors().toString());
    assertEquals(show.name(), at(r, "title", "name"));
    assertEquals("SHOW", at(r, "title", "kind"));
    assertEquals(show.maturityRating().label(), at(r, "title", "maturityRating", "label"));
    List<Map<String, Object>> cast = at(r, "title", "cast");
    assertEquals(show.credits().stream().filter(c -> c.role().name().equals("ACTOR")).count(), cast.size());
    List<Map<String, Object>> boxarts = at(r, "title", "artwork");
    assertTrue(boxarts.size() >= 2 && boxarts.stream().allMatch(a -> a.get("kind").equals("BOXART")));
    assertEquals(show.episodes().size(), ((List<Map<String, Object>>) at(r, "title", "seasons")).stream()
        .mapToInt(s -> ((List<?>) s.get("episodes")).size()).sum());
    assertEquals(show.id(), at(r, "title", "seasons", "0", "episodes", "0", "show", "id"));
  }

  @Test
  void artworkFiltersByTags() {
    Title title = firstVisible("US");
    String tag = title.artwork().get(0).tags().get(0);
    ExecutionResult r = run("query($id: ID!, $tags: [String!]) { title(id: $id) { artwork(tags: $tags) { tags } } }",
        Map.of("id", title.id(), "tags", List.of(tag)));
    List<Map<String, Object>> artwork = at(r, "title", "artwork");
    assertFalse(artwork.isEmpty());
    assertTrue(artwork.stream().allMatch(a -> ((List<?>) a.get("tags")).contains(tag)));
  }

  @Test
  void unknownIdIsNullWithNotFound() {
    ExecutionResult r = run("{ title(id: \"1\") { id } }", Map.of());
    assertNull(at(r, "title"));
    assertEquals("NOT_FOUND", code(r.getErrors().get(0)));
    assertEquals(List.of("title"), r.getErrors().get(0).getPath());
  }

  @Test
  void badArgumentsAreBadUserInputWithoutInternals() {
    for (String query : List.of("{ title(id: \"abc\") { id } }", "{ episode(id: \"1; DROP\") { id } }",
        "{ browse(first: 0) { edges { cursor } } }", "{ browse(first: 101) { edges { cursor } } }",
        "{ browse(after: \"not-a-cursor\") { edges { cursor } } }", "{ browse(genre: \"No Such!\") { edges { cursor } } }",
        "{ search(text: \"" + "x".repeat(201) + "\") { score } }", "{ search(text: \"  \") { score } }",
        "{ search(text: \"a\", first: 51) { score } }")) {
      ExecutionResult r = run(query, Map.of());
      assertEquals(1, r.getErrors().size(), query + " -> " + r.getErrors());
      assertEquals("BAD_USER_INPUT", code(r.getErrors().get(0)), query);
      assertFalse(r.getErrors().get(0).getMessage().contains("Exception"), r.getErrors().get(0).getMessage());
    }
    ExecutionResult unknownGenre = run("{ browse(genre: \"no-such-genre\") { edges { cursor } } }", Map.of());
    assertEquals("NOT_FOUND", code(unknownGenre.getErrors().get(0)));
  }

  @Test
  void titlesKeepsOrderAndReportsEachMissingOne() {
    Title a = DEMO.get(10);
    Title b = DEMO.get(20);
    List<String> ids = List.of(a.id(), "2", b.id());
    ExecutionResult r = run("query($ids: [ID!]!) { titles(ids: $ids) { id } }", Map.of("ids", ids));
    List<Map<String, Object>> titles = at(r, "titles");
    assertEquals(visibleIn(a, "US") ? a.id() : null, titles.get(0) == null ? null : titles.get(0).get("id"));
    assertNull(titles.get(1));
    assertTrue(r.getErrors().stream().anyMatch(e -> e.getPath().equals(List.of("titles", 1))
        && code(e).equals("NOT_FOUND")));
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(Integer.toString(80_000_001 + i));
    }
    assertEquals("BAD_USER_INPUT", code(run("query($ids: [ID!]!) { titles(ids: $ids) { id } }",
        Map.of("ids", tooMany)).getErrors().get(0)));
  }

  @Test
  void countryDecidesWhatExists() {
    Title gbOnly = DEMO.stream().filter(t -> visibleIn(t, "GB") && !visibleIn(t, "US")).findFirst().orElseThrow();
    String query = "query($id: ID!) { title(id: $id) { id } }";
    assertEquals(gbOnly.id(), at(run(query, Map.of("id", gbOnly.id()), "GB", null), "title", "id"));
    ExecutionResult us = run(query, Map.of("id", gbOnly.id()));  // default country US
    assertNull(at(us, "title"));
    assertEquals("NOT_FOUND", code(us.getErrors().get(0)));
  }

  @Test
  void browsePagesThroughAGenreExactlyOnceInPopularityOrder() {
    List<String> expected = DEMO.stream()
        .filter(t -> visibleIn(t, "US") && t.genres().stream().anyMatch(g -> g.id().equals("comedy")))
        .sorted(Comparator.comparingDouble(Title::popularity).thenComparing(Title::id).reversed())
        .map(Title::id).toList();
    List<String> seen = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      Map<String, Object> variables = new java.util.HashMap<>(Map.of("first", 7));
      variables.put("after", after);
      ExecutionResult r = run("query($first: Int, $after: String) { browse(genre: \"comedy\", first: $first,"
          + " after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }", variables);
      assertTrue(r.getErrors().isEmpty(), r.getErrors().toString());
      List<Map<String, Object>> edges = at(r, "browse", "edges");
      edges.forEach(e -> seen.add((String) ((Map<?, ?>) e.get("node")).get("id")));
      more = at(r, "browse", "pageInfo", "hasNextPage");
      after = at(r, "browse", "pageInfo", "endCursor");
    }
    assertEquals(expected, seen);
  }

  @Test
  void genresAreListedByName() {
    List<Map<String, Object>> genres = at(run("{ genres { id name } }", Map.of()), "genres");
    List<String> names = genres.stream().map(g -> (String) g.get("name")).toList();
    assertTrue(names.size() >= 15, names.toString());
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void searchToleratesTyposAndRanksTheExactTitleFirst() {
    Title title = DEMO.stream().filter(t -> visibleIn(t, "US") && t.name().split(" ").length >= 2
        && t.name().chars().allMatch(c -> Character.isLetter(c) || c == ' ')).findFirst().orElseThrow();
    String[] words = title.name().split(" ");
    String longest = java.util.Arrays.stream(words).max(Comparator.comparingInt(String::length)).orElseThrow();
    String typo = title.name().replace(longest, longest.substring(0, longest.length() - 2)
        + longest.charAt(longest.length() - 1));  // drop the second-to-last letter
    ExecutionResult r = run("query($t: String!) { search(text: $t, first: 5) { score title { id name } } }",
        Map.of("t", typo));
    assertTrue(r.getErrors().isEmpty(), r.getErrors().toString());
    List<Map<String, Object>> hits = at(r, "search");
    assertFalse(hits.isEmpty(), "no hits for " + typo);
    assertEquals(title.name(), ((Map<?, ?>) hits.get(0).get("title")).get("name"), "typo: " + typo);
  }

  @Test
  void serviceSdlIsAFederationTwoSubgraph() {
    ExecutionResult r = run("{ _service { sdl } }", Map.of());
    String sdl = at(r, "_service", "sdl");
    assertTrue(sdl.contains("https://specs.apollo.dev/federation/v2.5"), sdl);
    assertTrue(sdl.contains("type Title @key(fields : \"id\""), sdl);
    assertTrue(sdl.contains("type Episode @key(fields : \"id\""), sdl);
  }

  @Test
  void entitiesAreResolvedWithOneBulkReadPerBatch() {
    List<Map<String, Object>> representations = new ArrayList<>();
    List<Title> visible = DEMO.stream().filter(t -> visibleIn(t, "US")).limit(45).toList();
    visible.forEach(t -> representations.add(Map.of("__typename", "Title", "id", t.id())));
    for (int i = 0; i < 5; i++) {  // repeated ids are loaded once
      representations.add(Map.of("__typename", "Title", "id", visible.get(i).id()));
    }
    String query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Title { id name } } }";
    long lookups = store.lookups();
    long cacheReads = caches.titles().stats().bulkReads();
    long storeReads = store.storeBulkReads();
    ExecutionResult r = run(query, Map.of("r", representations));
    assertTrue(r.getErrors().isEmpty(), r.getErrors().toString());
    List<Map<String, Object>> entities = at(r, "_entities");
    assertEquals(50, entities.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(representations.get(i).get("id"), entities.get(i).get("id"));
    }
    assertEquals(1, store.lookups() - lookups, "one bulk lookup for the whole batch");
    assertTrue(caches.titles().stats().bulkReads() - cacheReads <= 1, "at most one EVCache bulk read");
    assertTrue(store.storeBulkReads() - storeReads <= 1, "at most one store read for the misses");
  }

  @Test
  void episodesAreEntitiesToo() {
    Title show = DEMO.stream().filter(t -> !t.seasons().isEmpty() && visibleIn(t, "US")).findFirst().orElseThrow();
    String episodeId = show.episodes().get(0).id();
    ExecutionResult r = run("query($r: [_Any!]!) { _entities(representations: $r) { ... on Episode { id name"
        + " show { name } } } }", Map.of("r", List.of(Map.of("__typename", "Episode", "id", episodeId),
            Map.of("__typename", "Episode", "id", "1"))));
    assertEquals(show.episodes().get(0).name(), at(r, "_entities", "0", "name"));
    assertEquals(show.name(), at(r, "_entities", "0", "show", "name"));
    assertNull(at(r, "_entities", "1"));
    assertEquals("NOT_FOUND", code(r.getErrors().get(0)));
  }

  @Test
  void operatorsUpsertTitlesThatAreSearchableAtOnce() {
    String mutation = "mutation($in: TitleInput!) { upsertTitle(input: $in) { id name genres { id } } }";
    Map<String, Object> input = Map.ofEntries(
        Map.entry("id", "89000001"), Map.entry("kind", "MOVIE"), Map.entry("name", "Quixotic Zephyr Parade"),
        Map.entry("synopsis", "Operators wrote this."), Map.entry("releaseYear", 2026), Map.entry("runtimeMinutes", 101),
        Map.entry("maturityRating", Map.of("label", "PG", "minimumAge", 7)),
        Map.entry("genres", List.of(Map.of("id", "test-upsert", "name", "Upserted"))),
        Map.entry("availability", List.of(Map.of("country", "US", "from", "2020-01-01T00:00:00Z"))),
        Map.entry("audioLanguages", List.of("en")), Map.entry("subtitleLanguages", List.of("en", "fr")),
        Map.entry("popularity", 1.5));

    ExecutionResult anonymous = run(mutation, Map.of("in", input));
    assertEquals("FORBIDDEN", code(anonymous.getErrors().get(0)));

    ExecutionResult r = run(mutation, Map.of("in", input), null, "catalog-operator");
    assertTrue(r.getErrors().isEmpty(), r.getErrors().toString());
    assertEquals("Quixotic Zephyr Parade", at(r, "upsertTitle", "name"));
    ExecutionResult found = run("{ search(text: \"quixotik zephir\") { title { id } } }", Map.of());
    assertEquals("89000001", at(found, "search", "0", "title", "id"));
    ExecutionResult byGenre = run("{ browse(genre: \"test-upsert\") { edges { node { id } } } }", Map.of());
    assertEquals("89000001", at(byGenre, "browse", "edges", "0", "node", "id"));

    Map<String, Object> bad = new java.util.HashMap<>(input);
    bad.put("availability", List.of(Map.of("country", "US", "from", "yesterday")));
    assertEquals("BAD_USER_INPUT", code(run(mutation, Map.of("in", bad), null, "catalog-operator").getErrors().get(0)));
    bad.put("availability", List.of(Map.of("country", "USA", "from", "2020-01-01T00:00:00Z")));
    assertEquals("BAD_USER_INPUT", code(run(mutation, Map.of("in", bad), null, "catalog-operator").getErrors().get(0)));
    assertNotNull(at(run("{ title(id: \"89000001\") { id } }", Map.of()), "title"));
  }
}
