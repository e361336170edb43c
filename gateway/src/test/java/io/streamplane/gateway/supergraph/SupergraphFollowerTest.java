package io.streamplane.gateway.supergraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's copy of the registry's live supergraph follows new versions and survives the registry going away. */
class SupergraphFollowerTest {
  @Test
  void followsNewVersionsAndKeepsTheLastOneWhenTheRegistryIsDown(@TempDir Path dir) throws Exception {
    AtomicInteger version = new AtomicInteger(1);
    List<String> ifNoneMatch = Collections.synchronizedList(new ArrayList<>());
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/api/graphs/main/supergraph", exchange -> {
      String etag = "\"v" + version.get() + "\"";
      String sent = exchange.getRequestHeaders().getFirst("If-None-Match");
      ifNoneMatch.add(sent);
      if (etag.equals(sent)) {
        exchange.sendResponseHeaders(304, -1);
      } else {
        byte[] body = ("# supergraph version " + version.get()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    registry.start();
    Path file = dir.resolve("supergraph.graphql");
    URI url = URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/api/graphs/main/supergraph");
    try (SupergraphFollower follower = new SupergraphFollower(url, file, message -> { })) {
      assertTrue(follower.fetchOnce(0));
      assertEquals("# supergraph version 1", Files.readString(file));
      assertFalse(follower.fetchOnce(0), "nothing new: 304");
      assertEquals("\"v1\"", ifNoneMatch.get(ifNoneMatch.size() - 1));

      follower.start();
      version.set(2);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!Files.readString(file).endsWith("2") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals("# supergraph version 2", Files.readString(file));

      registry.stop(0);
      assertFalse(follower.fetchOnce(0), "registry down");
      assertEquals("# supergraph version 2", Files.readString(file), "the last supergraph stays");
    } finally {
      registry.stop(0);
    }
  }
}
