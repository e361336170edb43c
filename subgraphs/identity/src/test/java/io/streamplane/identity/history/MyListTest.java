package io.streamplane.identity.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.identity.IdentityServiceTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** My List per profile through the GraphQL mutations, queries and the Title entity fields. */
class MyListTest extends IdentityServiceTestBase {
  private static final String ADD = "mutation($t: ID!) { addToMyList(titleId: $t) { id inMyList } }";
  private static final String REMOVE = "mutation($t: ID!) { removeFromMyList(titleId: $t) { id inMyList } }";

  @Test
  void addListAndRemovePerProfile() throws Exception {
    Member m = newMember("STANDARD");
    String[] adult = select(m.refreshToken(), m.adultProfile());
    String[] kids = select(adult[1], m.kidsProfile());
    assertTrue(data(graphql(adult[0], ADD, Map.of("t", "11"))).path("addToMyList").path("inMyList").asBoolean());
    Thread.sleep(5); // distinct added_at, so the order below is defined
    data(graphql(adult[0], ADD, Map.of("t", "22")));
    data(graphql(adult[0], ADD, Map.of("t", "11"))); // idempotent

    JsonNode list = data(graphql(adult[0], "{ myList { id inMyList } }", null)).path("myList");
    assertEquals(List.of("22", "11"), List.of(list.path(0).path("id").asText(), list.path(1).path("id").asText()));
    assertEquals(2, list.size());
    assertTrue(list.path(0).path("inMyList").asBoolean());

    JsonNode entities = data(graphql(adult[0], """
        query($r: [_Any!]!) { _entities(representations: $r) { ... on Title { id inMyList } } }""",
        Map.of("r", List.of(Map.of("__typename", "Title", "id", "11"), Map.of("__typename", "Title", "id", "33")))))
        .path("_entities");
    assertTrue(entities.path(0).path("inMyList").asBoolean());
    assertFalse(entities.path(1).path("inMyList").asBoolean());

    // The kids profile's list is its own.
    assertEquals(0, data(graphql(kids[0], "{ myList { id } }", null)).path("myList").size());

    assertFalse(data(graphql(adult[0], REMOVE, Map.of("t", "11"))).path("removeFromMyList").path("inMyList")
        .asBoolean());
    assertEquals(1, data(graphql(adult[0], "{ myList { id } }", null)).path("myList").size());
  }

  @Test
  void needsASelectedProfileAndValidIds() {
    Member m = newMember("BASIC");
    assertEquals("FORBIDDEN", errorCode(graphql(m.accessToken(), ADD, Map.of("t", "11"))));
    assertEquals("UNAUTHENTICATED", errorCode(graphql(null, "{ myList { id } }", null)));
    String access = select(m.refreshToken(), m.adultProfile())[0];
    assertEquals("BAD_USER_INPUT", errorCode(graphql(access, ADD, Map.of("t", "../etc"))));
    assertEquals("BAD_USER_INPUT", errorCode(graphql(access, "{ myList(first: 0) { id } }", null)));
    // Without a signed-in profile, titles simply are not on a list.
    JsonNode anonymous = data(graphql(null, """
        query { _entities(representations: [{__typename: "Title", id: "11"}]) { ... on Title { inMyList
          resumePosition { positionSeconds } } } }""", null)).path("_entities");
    assertFalse(anonymous.path(0).path("inMyList").asBoolean());
    assertTrue(anonymous.path(0).path("resumePosition").isNull());
  }
}
