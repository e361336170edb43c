package io.streamplane.federation.compose;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractTest {

    private static final String LINK = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.9\", "
            + "import: [\"@key\", \"@tag\", \"@shareable\"])\n";

    private static final String SUPERGRAPH = Composer.compose(List.of(
            new SubgraphSource("catalog", "http://catalog", LINK + """
                    type Query {
                      titles: [Title!]! @tag(name: "public")
                      search(term: String!, debug: DebugOptions): [Title!]! @tag(name: "public")
                      adminReport: Report @tag(name: "internal")
                    }
                    type Title @key(fields: "id") @tag(name: "public") {
                      id: ID!
                      name: String!
                      costCents: Int @tag(name: "internal")
                      format: Format
                    }
                    enum Format { HD UHD DOLBY_VISION @tag(name: "beta") }
                    input DebugOptions @tag(name: "internal") { trace: Boolean }
                    type Report { rows: Int }
                    """),
            new SubgraphSource("ops", "http://ops", LINK + """
                    type Query { health: String }
                    """)))
            .supergraphSdl().orElseThrow();

    @Test
    void excludeTagsHideTaggedElementsAndWhatDependsOnThem() throws Exception {
        String contract = Contract.apply(SUPERGRAPH, new Contract.Filter(Set.of(), Set.of("internal", "beta")));
        String api = ApiSchema.fromSupergraph(contract).sdl();

        assertFalse(api.contains("costCents"), api);
        assertFalse(api.contains("adminReport"), api);
        assertFalse(api.contains("DebugOptions"), "an excluded input type disappears with its optional argument");
        assertFalse(api.contains("debug:"), api);
        assertFalse(api.contains("DOLBY_VISION"), api);
        assertTrue(api.contains("search(term: String!)"), api);
        assertTrue(api.contains("health: String"), "untagged elements stay when only exclusions are given");
        assertTrue(api.contains("type Report"), "a type is hidden only when tagged or emptied, not when unreferenced");
    }

    @Test
    void unreachableTypesCanBeHiddenToo() throws Exception {
        String contract = Contract.apply(SUPERGRAPH, new Contract.Filter(Set.of(), Set.of("internal"), true));
        String api = ApiSchema.fromSupergraph(contract).sdl();

        assertFalse(api.contains("type Report"), "only the hidden adminReport field led to Report");
        assertTrue(api.contains("type Title"), api);
        assertTrue(api.contains("enum Format"), "reachable through Title.format");
    }

    @Test
    void includeTagsKeepOnlyTaggedFieldsAndTheFieldsOfTaggedTypes() throws Exception {
        String contract = Contract.apply(SUPERGRAPH, new Contract.Filter(Set.of("public"), Set.of("internal")));
        String api = ApiSchema.fromSupergraph(contract).sdl();

        assertTrue(api.contains("titles: [Title!]!"), api);
        assertTrue(api.contains("name: String!"), "fields of a type tagged with an included tag stay");
        assertFalse(api.contains("health"), "an untagged field of an untagged type goes");
        assertFalse(api.contains("costCents"), "exclusion wins over the parent type's inclusion");
        assertFalse(api.contains("type Report"), api);
    }

    @Test
    void theContractKeepsHiddenElementsForPlanning() throws Exception {
        String contract = Contract.apply(SUPERGRAPH, new Contract.Filter(Set.of(), Set.of("internal")));

        assertTrue(contract.contains("costCents"), "the gateway still needs the full supergraph to plan");
        assertTrue(contract.contains("@inaccessible"), contract);
        assertTrue(contract.contains("https://specs.apollo.dev/inaccessible/v0.2"), "the inaccessible spec gets linked");
    }

    @Test
    void aContractThatHidesEveryQueryIsRejected() {
        ApiSchema.InvalidSupergraphException error = assertThrows(ApiSchema.InvalidSupergraphException.class,
                () -> Contract.apply(SUPERGRAPH, new Contract.Filter(Set.of("nothing-has-this-tag"), Set.of())));
        assertFalse(error.errors().isEmpty());
    }
}
