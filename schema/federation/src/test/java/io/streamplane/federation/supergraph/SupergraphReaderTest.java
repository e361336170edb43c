package io.streamplane.federation.supergraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.schema.GraphQLObjectType;
import io.streamplane.federation.querygraph.QueryGraph;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SupergraphReaderTest {

  private static final String MACHINERY = """
      directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
      directive @join__graph(name: String!, url: String!) on ENUM_VALUE
      directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
      directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
      directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
      directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
      directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
      directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
      scalar join__FieldSet
      scalar link__Import
      enum link__Purpose { SECURITY EXECUTION }
      enum join__Graph {
        CATALOG @join__graph(name: "catalog", url: "http://catalog:8101/graphql")
        MEDIA_ASSETS @join__graph(name: "media-assets", url: "http://media:8105/graphql")
        PLAYBACK @join__graph(name: "playback", url: "http://playback:8103/graphql")
      }
      """;

  private static final String TYPES = """
      type Query @join__type(graph: CATALOG) @join__type(graph: MEDIA_ASSETS) @join__type(graph: PLAYBACK) {
        title(id: ID!): Title @join__field(graph: CATALOG)
        secret: String @join__field(graph: CATALOG) @inaccessible
      }
      interface Node @join__type(graph: CATALOG, key: "id") @join__type(graph: PLAYBACK, key: "id", isInterfaceObject: true) {
        id: ID!
        watchCount: Int @join__field(graph: PLAYBACK)
      }
      type Title implements Node @join__implements(graph: CATALOG, interface: "Node")
          @join__type(graph: CATALOG, key: "id")
          @join__type(graph: MEDIA_ASSETS, key: "id")
          @join__type(graph: PLAYBACK, key: "id", resolvable: false) @tag(name: "public") {
        id: ID!
        name: String @join__field(graph: CATALOG) @deprecated(reason: "use displayName")
        displayName: String @join__field(graph: CATALOG)
        artwork: String @join__field(graph: MEDIA_ASSETS, requires: "name") @join__field(graph: CATALOG, external: true)
        rating: Int @join__field(graph: PLAYBACK, override: "catalog", overrideLabel: "percent(20)") @join__field(graph: CATALOG)
        internalCode: String @join__field(graph: CATALOG) @inaccessible
        watchCount: Int @join__field
      }
      type Hidden @join__type(graph: CATALOG) @inaccessible { id: ID! }
      """;

  private static String supergraph(String links) {
    return "schema " + links + " { query: Query }\n" + MACHINERY + TYPES;
  }

  private static final String LINKS = """
      @link(url: "https://specs.apollo.dev/link/v1.0")
      @link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION)
      @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)
      @link(url: "https://specs.apollo.dev/tag/v0.3")
      """;

  @Test
  void subgraphsKeepTheirNamesAndUrlsNotTheEnumValues() {
    Supergraph sg = SupergraphReader.read(supergraph(LINKS));
    assertEquals(List.of("catalog", "media-assets", "playback"), List.copyOf(sg.subgraphs().keySet()));
    assertEquals("http://media:8105/graphql", sg.subgraph("media-assets").url());
  }

  @Test
  void keysRequiresExternalAndResolvability() {
    Supergraph sg = SupergraphReader.read(supergraph(LINKS));
    SubgraphType playbackTitle = sg.subgraph("playback").type("Title");
    assertFalse(playbackTitle.keys().get(0).resolvable());
    assertTrue(sg.subgraph("catalog").type("Title").keys().get(0).resolvable());
    SubgraphField artwork = sg.subgraph("media-assets").type("Title").fields().get("artwork");
    assertEquals("name", artwork.requires().text());
    assertTrue(sg.subgraph("catalog").type("Title").fields().get("artwork").external());
    // a field without @join__field lives in every subgraph that has the type
    assertNotNull(sg.subgraph("media-assets").type("Title").fields().get("id"));
    QueryGraph graph = new QueryGraph(sg);
    assertEquals(List.of("media-assets"), graph.resolvers("Title", "artwork", Set.of()));
    assertTrue(graph.resolvableKeys("playback", "Title").isEmpty());
  }

  @Test
  void progressiveOverrideMovesTheFieldOnlyUnderItsLabel() {
    QueryGraph graph = new QueryGraph(SupergraphReader.read(supergraph(LINKS)));
    assertEquals(List.of("catalog"), graph.resolvers("Title", "rating", Set.of()));
    assertEquals(List.of("playback"), graph.resolvers("Title", "rating", Set.of("percent(20)")));
  }

  @Test
  void interfaceObjectIsAnObjectTypeInItsSubgraph() {
    Supergraph sg = SupergraphReader.read(supergraph(LINKS));
    SubgraphType node = sg.subgraph("playback").type("Node");
    assertTrue(node.interfaceObject());
    assertEquals(TypeKind.OBJECT, node.kind());
    assertEquals(TypeKind.INTERFACE, sg.subgraph("catalog").type("Node").kind());
    assertEquals(Set.of("Title"), new QueryGraph(sg).runtimeTypes("catalog", "Node"));
  }

  @Test
  void apiSchemaHasNoMachineryAndNoInaccessibleElements() {
    Supergraph sg = SupergraphReader.read(supergraph(LINKS));
    var api = sg.apiSchema();
    assertNull(api.getType("join__Graph"));
    assertNull(api.getType("link__Purpose"));
    assertNull(api.getType("Hidden"));
    assertNull(api.getDirective("join__field"));
    assertNull(api.getQueryType().getFieldDefinition("secret"));
    GraphQLObjectType title = (GraphQLObjectType) api.getType("Title");
    assertNull(title.getFieldDefinition("internalCode"));
    assertTrue(title.getFieldDefinition("name").isDeprecated());
    // the planner still sees inaccessible elements
    assertNotNull(sg.type("Title").fields().get("internalCode"));
  }

  @Test
  void federationOneSupergraphIsRefused() {
    SupergraphException e = assertThrows(SupergraphException.class, () -> SupergraphReader.read(supergraph("""
        @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.1", for: EXECUTION)""")));
    assertEquals("FEDERATION_1_SUPERGRAPH", e.code());
    assertTrue(e.getMessage().contains("recompose"), e.getMessage());
  }

  @Test
  void unknownExecutionOrSecurityFeaturesAreRefused() {
    SupergraphException execution = assertThrows(SupergraphException.class, () -> SupergraphReader.read(supergraph(LINKS
        + "@link(url: \"https://specs.example.com/rateLimit/v1.0\", for: EXECUTION)")));
    assertEquals("UNSUPPORTED_FEATURE", execution.code());
    assertTrue(execution.getMessage().contains("rateLimit"), execution.getMessage());
    SupergraphException security = assertThrows(SupergraphException.class, () -> SupergraphReader.read(supergraph(LINKS
        + "@link(url: \"https://specs.apollo.dev/requiresScopes/v0.1\")")));
    assertEquals("UNSUPPORTED_FEATURE", security.code());
  }

  @Test
  void purposelessUnknownFeaturesAreIgnored() {
    Supergraph sg = SupergraphReader.read(supergraph(LINKS + "@link(url: \"https://specs.example.com/docs/v0.1\")"));
    assertEquals(3, sg.subgraphs().size());
  }

  @Test
  void joinFiveMachineryIsReadAndKeptOutOfTheApiSchema() {
    String v05 = supergraph(LINKS.replace("join/v0.4", "join/v0.5")) + """
        directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION
        scalar join__DirectiveArguments
        scalar join__FieldValue
        input join__ContextArgument { name: String! type: String! context: String! selection: join__FieldValue! }
        type Artwork @join__type(graph: MEDIA_ASSETS, key: "url") @join__directive(graphs: [MEDIA_ASSETS], name: "custom", args: {}) {
          url: String!
        }
        """;
    Supergraph sg = SupergraphReader.read(v05.replace("title(id: ID!): Title @join__field(graph: CATALOG)",
        "title(id: ID!): Title @join__field(graph: CATALOG)\n  art: Artwork @join__field(graph: MEDIA_ASSETS)"));
    assertEquals(List.of("url"), new QueryGraph(sg).resolvableKeys("media-assets", "Artwork").get(0).fields().selections()
        .getSelectionsOfType(graphql.language.Field.class).stream().map(graphql.language.Field::getName).toList());
    var api = sg.apiSchema();
    assertNull(api.getType("join__ContextArgument"));
    assertNull(api.getType("join__DirectiveArguments"));
    assertNull(api.getDirective("join__directive"));
    assertNotNull(api.getQueryType().getFieldDefinition("art"));
  }

  @Test
  void invalidSdlIsASupergraphError() {
    SupergraphException e = assertThrows(SupergraphException.class, () -> SupergraphReader.read("type {"));
    assertEquals("SUPERGRAPH_SYNTAX", e.code());
    assertEquals("NOT_A_SUPERGRAPH", assertThrows(SupergraphException.class,
        () -> SupergraphReader.read("type Query { a: Int }")).code());
  }
}
