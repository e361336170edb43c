package io.streamplane.federation.compose;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How subgraphs name federation directives, and the errors for names they may not use. */
class SubgraphReadingTest {

    private static List<String> codes(String sdl) {
        CompositionResult result = Composer.compose(List.of(new SubgraphSource("s", "http://s", sdl)));
        return result.errors().stream().map(e -> e.code() + " " + e.coordinate()).toList();
    }

    private static String link(String version, String rest) {
        return "extend schema @link(url: \"https://specs.apollo.dev/federation/" + version + "\"" + rest + ")\n";
    }

    @Test
    void aRenamedImportIsOnlyKnownUnderItsNewName() {
        String renamed = link("v2.3", ", import: [{name: \"@key\", as: \"@primaryKey\"}]");
        assertEquals(List.of(), codes(renamed + "type Query { t: T } type T @primaryKey(fields: \"id\") { id: ID! }"));
        assertEquals(List.of("INVALID_GRAPHQL T"),
                codes(renamed + "type Query { t: T } type T @key(fields: \"id\") { id: ID! }"));
    }

    @Test
    void directivesThatAreNotImportedAreReachableThroughTheNamespace() {
        assertEquals(List.of(), codes(link("v2.3", "") + """
                type Query { t: T @federation__shareable }
                type T @federation__key(fields: "id") { id: ID! }
                """));
        assertEquals(List.of(), codes(link("v2.3", ", as: \"fed\"") + """
                type Query { t: T }
                type T @fed__key(fields: "id") { id: ID! }
                """));
        assertEquals(List.of("INVALID_GRAPHQL T"), codes(link("v2.3", ", as: \"fed\"") + """
                type Query { t: T }
                type T @federation__key(fields: "id") { id: ID! }
                """));
    }

    @Test
    void importsMustExistInTheLinkedVersion() {
        assertEquals(List.of("INVALID_LINK_DIRECTIVE_USAGE @link"),
                codes(link("v2.0", ", import: [\"@interfaceObject\"]") + "type Query { a: Int }"));
        assertEquals(List.of("INVALID_LINK_DIRECTIVE_USAGE @link"),
                codes(link("v2.5", ", import: [\"@nope\"]") + "type Query { a: Int }"));
        assertEquals(List.of("UNKNOWN_FEDERATION_LINK_VERSION @link"),
                codes(link("v2.99", ", import: [\"@key\"]") + "type Query { a: Int }"));
    }

    @Test
    void federationOneSubgraphsOnlyKnowFederationOneDirectives() {
        assertEquals(List.of(), codes("type Query { t: T } type T @key(fields: \"id\") { id: ID! }"));
        assertEquals(List.of("INVALID_GRAPHQL Query.t"), codes("type Query { t: String @shareable }"));
    }

    @Test
    void misplacedDuplicatedOrUnsupportedDirectivesAreReported() {
        String sdl = link("v2.9", ", import: [\"@key\", \"@cost\"]");
        assertEquals(List.of("INVALID_GRAPHQL Query.a"), codes(sdl + "type Query { a: Int @key(fields: \"a\") }"));
        assertEquals(List.of("UNSUPPORTED_FEATURE Query.a"), codes(sdl + "type Query { a: Int @cost(weight: 5) }"));
        assertEquals(List.of("INVALID_GRAPHQL Query"), codes(sdl + "type Query { a: Int } type Query { b: Int }"));
    }

    @Test
    void errorsPointToWhereTheElementIsDefinedInTheSubgraphSdl() {
        String fed = link("v2.9", ", import: [\"@key\", \"@shareable\"]");
        List<CompositionError> errors = Composer.compose(List.of(
                new SubgraphSource("a", "http://a", fed + "type Query {\n  size: Int @shareable\n}\n"),
                new SubgraphSource("b", "http://b", fed + "type Query {\n  other: Int\n     size: String @shareable\n}\n")))
                .errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(ErrorCode.FIELD_TYPE_MISMATCH, errors.get(0).code());
        assertEquals(Optional.of(new CompositionError.Location(4, 6)), errors.get(0).location(),
                "the error is reported against subgraph b, where Query.size is on line 4, column 6");

        List<CompositionError> unknown = Composer.compose(List.of(new SubgraphSource("s", "http://s",
                fed + "\ntype Query {\n  a: Missing\n}"))).errors();
        assertEquals(Optional.of(new CompositionError.Location(4, 3)), unknown.get(0).location(), unknown.toString());
    }

    @Test
    void federationDirectiveArgumentsAreChecked() {
        String sdl = link("v2.9", ", import: [\"@key\", \"@override\"]");
        assertEquals(List.of("INVALID_GRAPHQL Query.a"), codes(sdl + "type Query { a: Int @override }"));
        assertEquals(List.of("INVALID_GRAPHQL T"),
                codes(sdl + "type Query { t: T } type T @key(fields: \"id\", cached: true) { id: ID! }"));
        assertEquals(List.of("KEY_INVALID_FIELDS_TYPE T"),
                codes(sdl + "type Query { t: T } type T @key(fields: 42) { id: ID! }"));
    }

    @Test
    void customDirectivesAreAcceptedWhereTheyAreDeclaredAndDroppedFromTheSupergraph() {
        String sdl = link("v2.9", ", import: [\"@key\"]") + """
                directive @audit(level: Int) on FIELD_DEFINITION
                type Query { a: Int @audit(level: 2) }
                """;
        CompositionResult result = Composer.compose(List.of(new SubgraphSource("s", "http://s", sdl)));
        assertTrue(result.succeeded(), () -> result.errors().toString());
        assertTrue(!result.supergraphSdl().orElseThrow().contains("audit"), "type-system directives are not composed");
        assertEquals(List.of("INVALID_GRAPHQL Query"), codes(sdl.replace("type Query { a: Int", "type Query @audit { a: Int")));
    }

    @Test
    void theSubgraphOrderDoesNotChangeTheSupergraph() {
        String fed = link("v2.9", ", import: [\"@key\", \"@shareable\"]");
        List<SubgraphSource> sources = new ArrayList<>(List.of(
                new SubgraphSource("b", "http://b", fed + "type Query { x: T } type T @key(fields: \"id\") { id: ID! b: Int }"),
                new SubgraphSource("a", "http://a", fed + "type Query { y: T } type T @key(fields: \"id\") { id: ID! a: Int }"),
                new SubgraphSource("c", "http://c", fed + "type T @key(fields: \"id\") { id: ID! c: Int }")));
        String first = Composer.compose(sources).supergraphSdl().orElseThrow();
        Collections.reverse(sources);
        assertEquals(first, Composer.compose(sources).supergraphSdl().orElseThrow());
        assertTrue(first.indexOf("A @join__graph") < first.indexOf("B @join__graph"), first);
    }

    @Test
    void subgraphNamesMustBeUniqueAndGraphEnumValuesAreSanitized() {
        String sdl = "type Query { a: Int }";
        assertEquals(List.of("INVALID_SUBGRAPH_NAME"), Composer.compose(List.of(new SubgraphSource("x", "u", sdl),
                new SubgraphSource("x", "u", sdl))).errors().stream().map(e -> e.code().name()).toList());
        assertEquals(List.of("MY_SUBGRAPH", "MY_SUBGRAPH_1", "_1ST"),
                List.copyOf(GraphNames.enumValues(List.of("my-subgraph", "my_subgraph", "1st")).values()));
    }
}
