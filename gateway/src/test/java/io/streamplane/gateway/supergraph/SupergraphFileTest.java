package io.streamplane.gateway.supergraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.federation.supergraph.SupergraphException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupergraphFileTest {

  @TempDir
  Path dir;

  private final List<String> log = new ArrayList<>();

  @Test
  void aChangedFileIsServedAfterTheReload() throws Exception {
    Path file = write(resource("entities-basic"), 1);
    try (SupergraphFile sg = new SupergraphFile(file, log::add)) {
      LoadedSupergraph first = sg.current();
      assertFalse(sg.reloadIfChanged(), "an unchanged file is not reloaded");
      assertSame(first, sg.current());

      write(resource("keys-and-ownership"), 2);
      assertTrue(sg.reloadIfChanged());
      assertNotSame(first, sg.current());
      assertTrue(sg.current().supergraph().subgraphs().containsKey("d"), sg.current().supergraph().subgraphs().keySet().toString());
    }
  }

  @Test
  void aBrokenOrFederationOneFileIsRefusedAndTheOldOneKeepsServing() throws Exception {
    String good = resource("entities-basic");
    Path file = write(good, 1);
    try (SupergraphFile sg = new SupergraphFile(file, log::add)) {
      LoadedSupergraph first = sg.current();

      write("type Query {", 2);
      assertFalse(sg.reloadIfChanged());
      assertSame(first, sg.current());
      assertTrue(log.get(log.size() - 1).startsWith("supergraph change refused"), log.toString());

      write(good.replace("join/v0.3", "join/v0.1"), 3);
      assertFalse(sg.reloadIfChanged());
      assertSame(first, sg.current());
      assertEquals(2, log.stream().filter(l -> l.startsWith("supergraph change refused")).count(), log.toString());
    }
  }

  @Test
  void aFileThatCannotBeServedAtStartIsAnError() throws IOException {
    Path file = write("schema { query: Query }", 1);
    assertThrows(SupergraphException.class, () -> new SupergraphFile(file, log::add));
    assertThrows(SupergraphException.class, () -> new SupergraphFile(dir.resolve("missing.graphql"), log::add));
  }

  /** Each version gets its own modification time, so the test never depends on the clock's resolution. */
  private Path write(String sdl, int version) throws IOException {
    Path file = dir.resolve("supergraph.graphql");
    Files.writeString(file, sdl);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
    return file;
  }

  private static String resource(String scenario) throws IOException, URISyntaxException {
    return Files.readString(Path.of(SupergraphFileTest.class.getResource("/conformance/" + scenario + "/supergraph.graphql").toURI()));
  }
}
