package io.streamplane.federation.diff;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every case under {@code src/test/resources/diff/}: {@code old.graphql}, {@code new.graphql} and
 * {@code expected.txt} with one {@code CRITICALITY CODE coordinate} line per change, in the diff's order. The
 * classifications were compared with graphql-inspector 8 during development (same criticality for every change both
 * report; inspector additionally lists fields of added types and directive-usage noise).
 */
class DiffCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyCaseIsClassifiedAsExpected() throws IOException, URISyntaxException {
        Path corpus = Path.of(getClass().getResource("/diff").toURI());
        List<Path> cases;
        try (Stream<Path> list = Files.list(corpus)) {
            cases = list.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no cases found under " + corpus);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            List<SchemaChange> changes = SchemaDiff.between(Files.readString(dir.resolve("old.graphql")),
                    Files.readString(dir.resolve("new.graphql")));
            List<String> actual = changes.stream()
                    .map(c -> c.criticality() + " " + c.code() + " " + c.coordinate()).toList();
            List<String> expected = Files.readAllLines(dir.resolve("expected.txt")).stream()
                    .filter(line -> !line.isBlank()).toList();
            assertEquals(expected, actual, () -> changes.stream().map(SchemaChange::describe).toList().toString());
            changes.forEach(c -> assertTrue(c.message().contains(c.coordinate().replaceAll("\\(.*", ""))
                    || c.message().contains(c.coordinate().replace("@", "")), "message names the element: " + c));
        }));
    }

    @Test
    void theSameChangeIsBreakingAsAnInputAndSafeAsAnOutputAndViceVersa() throws Exception {
        String before = "type Query { f(a: String): String }";
        String after = "type Query { f(a: String!): String! }";

        List<String> tightened = SchemaDiff.between(before, after).stream()
                .map(c -> c.code() + " " + c.criticality()).toList();
        assertEquals(List.of("FIELD_TYPE_CHANGED SAFE", "ARG_TYPE_CHANGED BREAKING"), tightened);

        List<String> loosened = SchemaDiff.between(after, before).stream()
                .map(c -> c.code() + " " + c.criticality()).toList();
        assertEquals(List.of("FIELD_TYPE_CHANGED BREAKING", "ARG_TYPE_CHANGED SAFE"), loosened);
    }

    @Test
    void anInvalidSchemaIsReportedNotThrownAsARuntimeError() {
        SchemaDiff.InvalidSchemaException error = assertThrows(SchemaDiff.InvalidSchemaException.class,
                () -> SchemaDiff.between("type Query { a: String }", "type Query { a: Missing }"));
        assertTrue(error.getMessage().startsWith("The new schema is not valid GraphQL"), error.getMessage());
    }
}
