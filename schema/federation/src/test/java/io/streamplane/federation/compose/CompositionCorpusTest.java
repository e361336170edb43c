package io.streamplane.federation.compose;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every scenario under {@code src/test/resources/compose/}: a Rover-style {@code supergraph.yaml} with its
 * subgraph SDLs, and either {@code expected-supergraph.graphql} (the exact SDL; the valid scenarios were checked
 * against Apollo's composition during development and differ from it only in always linking join v0.5) or
 * {@code expected-errors.txt} (one {@code CODE subgraph coordinate} line per error, {@code -} for empty, sorted);
 * optionally {@code expected-api.graphql}, the client schema derived from the supergraph (checked against Apollo's
 * API schema of the same supergraph during development).
 */
class CompositionCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyScenarioComposesAsExpected() throws IOException, URISyntaxException {
        Path corpus = Path.of(getClass().getResource("/compose").toURI());
        List<Path> scenarios;
        try (Stream<Path> list = Files.list(corpus)) {
            scenarios = list.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(scenarios.isEmpty(), "no scenarios found under " + corpus);
        return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path scenario) throws Exception {
        RoverConfig config = RoverConfig.load(scenario.resolve("supergraph.yaml"));
        CompositionResult result = Composer.compose(config.subgraphs());
        Path expectedSupergraph = scenario.resolve("expected-supergraph.graphql");
        Path expectedErrors = scenario.resolve("expected-errors.txt");
        if (Files.exists(expectedSupergraph)) {
            assertTrue(result.succeeded(), () -> "expected a supergraph but got " + result.errors());
            assertEquals(Files.readString(expectedSupergraph), result.supergraphSdl().orElseThrow());
            Path expectedApi = scenario.resolve("expected-api.graphql");
            if (Files.exists(expectedApi)) {
                assertEquals(Files.readString(expectedApi),
                        ApiSchema.fromSupergraph(result.supergraphSdl().orElseThrow()).sdl());
            }
        } else if (Files.exists(expectedErrors)) {
            assertFalse(result.succeeded(), "expected composition errors but composition succeeded");
            List<String> actual = result.errors().stream()
                    .map(e -> e.code() + " " + orDash(e.subgraph()) + " " + orDash(e.coordinate()))
                    .sorted().toList();
            assertEquals(Files.readAllLines(expectedErrors).stream().filter(l -> !l.isBlank()).toList(), actual,
                    () -> "errors were: " + result.errors().stream().map(CompositionError::describe).toList());
            result.errors().forEach(e -> assertFalse(e.message().isBlank(), "every error needs a message"));
        } else {
            fail("scenario " + scenario + " has neither expected-supergraph.graphql nor expected-errors.txt");
        }
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
