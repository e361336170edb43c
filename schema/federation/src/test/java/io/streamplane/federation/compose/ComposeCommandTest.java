package io.streamplane.federation.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ComposeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path config(String schemaLine) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/catalog.graphqls"), """
                extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
                type Query { title(id: ID!): Title }
                type Title @key(fields: "id") { id: ID! name: String }
                """);
        Path config = dir.resolve("supergraph.yaml");
        Files.writeString(config, """
                federation_version: =2.9.0
                subgraphs:
                  catalog:
                    routing_url: http://localhost:8101/graphql
                    schema:
                """ + schemaLine + "\n");
        return config;
    }

    @Test
    void printsTheSupergraphOnStdoutWithSchemaPathsRelativeToTheConfig() throws Exception {
        int status = run(config("      file: ./schemas/catalog.graphqls").toString());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String sdl = out.toString(StandardCharsets.UTF_8);
        assertTrue(sdl.startsWith("schema\n  @link(url: \"https://specs.apollo.dev/link/v1.0\")"), sdl);
        assertTrue(sdl.contains("CATALOG @join__graph(name: \"catalog\", url: \"http://localhost:8101/graphql\")"), sdl);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsCompositionErrorsOnStderrAndExitsWithOne() throws Exception {
        Path config = config("      file: ./schemas/catalog.graphqls");
        Files.writeString(dir.resolve("schemas/catalog.graphqls"), """
                extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
                type Query { title: Title }
                type Title @key(fields: "uuid") { id: ID! }
                """);

        assertEquals(1, run(config.toString()));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("KEY_INVALID_FIELDS [catalog] Title (line 3, column 1): On type \"Title\", for @key(fields: \"uuid\"): Cannot query "
                + "field \"uuid\" on type \"Title\"\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenConfigIsAnInvalidConfigError() throws Exception {
        assertEquals(1, run(config("      file: ./missing.graphqls").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("INVALID_CONFIG: Subgraph \"catalog\": cannot read schema file"),
                err.toString(StandardCharsets.UTF_8));

        err.reset();
        assertEquals(1, run(config("      url: http://introspect.me").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs schema.file"), err.toString(StandardCharsets.UTF_8));

        err.reset();
        Path config = config("      file: ./schemas/catalog.graphqls");
        Files.writeString(config, Files.readString(config).replace("=2.9.0", "=3.0.0"));
        assertEquals(1, run(config.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unsupported federation_version"),
                err.toString(StandardCharsets.UTF_8));

        err.reset();
        Files.writeString(dir.resolve("bad.yaml"), "subgraphs: [unclosed");
        assertEquals(1, run(dir.resolve("bad.yaml").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not valid YAML"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutExactlyOneArgumentItPrintsUsage() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
