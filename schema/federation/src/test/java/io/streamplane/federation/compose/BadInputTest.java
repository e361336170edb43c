package io.streamplane.federation.compose;

import io.streamplane.federation.diff.SchemaDiff;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input must come back as coded errors, never as an exception (which a service would turn into a 500): every
 * corpus subgraph cut short at many points, and with characters swapped, is composed next to the intact others.
 */
class BadInputTest {

    private static final int CUTS_PER_FILE = 15;

    @Test
    void damagedSubgraphsYieldCodedErrorsOrASupergraphButNeverAnException() throws Exception {
        int compositions = 0;
        for (Path scenario : scenarios()) {
            RoverConfig config = RoverConfig.load(scenario.resolve("supergraph.yaml"));
            for (int index = 0; index < config.subgraphs().size(); index++) {
                SubgraphSource original = config.subgraphs().get(index);
                for (String damaged : damagedVersions(original.sdl())) {
                    List<SubgraphSource> sources = new ArrayList<>(config.subgraphs());
                    sources.set(index, new SubgraphSource(original.name(), original.routingUrl(), damaged));
                    CompositionResult result = assertDoesNotThrow(() -> Composer.compose(sources),
                            () -> "scenario " + scenario.getFileName() + ", subgraph " + original.name() + ":\n" + damaged);
                    result.errors().forEach(error -> assertFalse(error.message().isBlank(), error.toString()));
                    compositions++;
                }
            }
        }
        assertTrue(compositions > 500, "the corpus should give many damaged inputs, got " + compositions);
    }

    @Test
    void damagedSupergraphsAndSchemasYieldCheckedErrorsOnly() throws Exception {
        int attempts = 0;
        for (Path scenario : scenarios()) {
            Path supergraphFile = scenario.resolve("expected-supergraph.graphql");
            if (!Files.exists(supergraphFile)) {
                continue;
            }
            String supergraph = Files.readString(supergraphFile);
            for (String damaged : damagedVersions(supergraph)) {
                try {
                    ApiSchema api = ApiSchema.fromSupergraph(damaged);
                    SchemaDiff.between(ApiSchema.fromSupergraph(supergraph).sdl(), api.sdl());
                    Contract.apply(damaged, new Contract.Filter(Set.of(), Set.of("internal"), true));
                } catch (ApiSchema.InvalidSupergraphException e) {
                    assertFalse(e.errors().isEmpty(), "an invalid supergraph comes with errors");
                } catch (SchemaDiff.InvalidSchemaException e) {
                    assertFalse(e.getMessage().isBlank());
                }
                attempts++;
            }
        }
        assertTrue(attempts > 200, "expected many damaged supergraphs, got " + attempts);
    }

    @Test
    void garbageIsRejectedByEveryEntryPointWithAnError() {
        String garbage = "type Query { a: [String! }}} @@@ \"\"\" unterminated";
        CompositionResult result = Composer.compose(List.of(new SubgraphSource("a", "http://a", garbage)));
        assertFalse(result.succeeded());
        assertEquals(ErrorCode.INVALID_GRAPHQL, result.errors().get(0).code());
        assertThrows(ApiSchema.InvalidSupergraphException.class,
                () -> ApiSchema.fromSupergraph(garbage));
        assertThrows(SchemaDiff.InvalidSchemaException.class,
                () -> SchemaDiff.between(garbage, "type Query { a: Int }"));
    }

    private static List<String> damagedVersions(String sdl) {
        List<String> versions = new ArrayList<>();
        int step = Math.max(1, sdl.length() / CUTS_PER_FILE);
        for (int cut = step; cut < sdl.length(); cut += step) {
            versions.add(sdl.substring(0, cut));
            char[] swapped = sdl.toCharArray();
            char kept = swapped[cut];
            swapped[cut] = swapped[cut - 1];
            swapped[cut - 1] = kept;
            versions.add(new String(swapped));
        }
        return versions;
    }

    private static List<Path> scenarios() throws IOException, URISyntaxException {
        Path corpus = Path.of(BadInputTest.class.getResource("/compose").toURI());
        try (Stream<Path> list = Files.list(corpus)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }
}
