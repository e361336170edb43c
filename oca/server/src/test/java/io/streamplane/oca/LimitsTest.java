package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.serve.ServerLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile clients: header floods, slow request heads, garbage; the server answers or hangs up and keeps serving. */
class LimitsTest {

  private static final String SEGMENT = "/titles/t1/seg-1.m4s";

  @TempDir
  static Path store;
  private static TestAppliance oca;
  private static String path;

  @BeforeAll
  static void start() throws Exception {
    oca = TestAppliance.start(store, "127.0.0.0/8", TestAppliance.KEYS,
        ServerLimits.defaults().withRequestParseTimeout(Duration.ofMillis(300)).withIdleTimeout(Duration.ofMillis(500)));
    oca.write(SEGMENT, TestAppliance.randomBytes(1000, 3));
    path = oca.url(SEGMENT).getRawPath();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    oca.close();
  }

  private static void assertStillServing() throws Exception {
    assertEquals(200, oca.get(URI.create("http://127.0.0.1:" + oca.port() + path)).statusCode());
  }

  /**
   * Refused with a 400, or reset: the server hangs up while the client is still sending the rest of the oversized
   * head, so the client may see the reset before the answer.
   */
  private static void assertRefused(RawHttp connection) throws Exception {
    int status;
    try {
      status = connection.readResponse().status();
    } catch (java.net.SocketException reset) {
      status = -1;
    }
    assertTrue(status == 400 || status == -1, "status " + status);
  }

  @Test
  void tooManyHeadersAreRefused() throws Exception {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 200; i++) {
      request.append("X-Flood-").append(i).append(": x\r\n");
    }
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send(request.append("\r\n").toString());
      assertEquals(400, connection.readResponse().status());
    }
    assertStillServing();
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
      assertRefused(connection);
    }
    assertStillServing();
  }

  @Test
  void aClientThatNeverFinishesItsRequestHeadIsDisconnected() throws Exception {
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send("GET " + path + " HTTP/1.1\r\nHost: local");
      assertTrue(connection.closedByServer());
    }
    assertStillServing();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertEquals(200, connection.readResponse().status());
      assertTrue(connection.closedByServer());
    }
  }

  @Test
  void connectionsAboveTheLimitWaitUntilOneCloses(@org.junit.jupiter.api.io.TempDir Path otherStore)
      throws Exception {
    try (TestAppliance small = TestAppliance.start(otherStore, "127.0.0.0/8", TestAppliance.KEYS,
        ServerLimits.defaults().withMaxConnections(1))) {
      small.write(SEGMENT, new byte[] {1});
      String request = "GET " + small.url(SEGMENT).getRawPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
      RawHttp first = new RawHttp(small.port());
      first.send(request);
      assertEquals(200, first.readResponse().status());
      try (RawHttp second = new RawHttp(small.port())) {
        second.send(request);
        // another round trip on the first connection: had the second been accepted, it would be counted by now
        first.send(request);
        assertEquals(200, first.readResponse().status());
        assertTrue(small.appliance.metrics().render().contains("oca_open_connections 1.0"));
        first.close();
        assertEquals(200, second.readResponse().status());
      }
    }
  }

  @Test
  void garbageRequestLinesAreRefused() throws Exception {
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n");
      assertEquals(400, connection.readResponse().status());
    }
    assertStillServing();
  }

  @Test
  void hostileRangeHeadersNeverCauseServerErrors() throws Exception {
    String[] ranges = {"bytes=", "bytes=-", "bytes=-0", "bytes=0-0,-1", "bytes=1-0", "bytes=" + "0-1,".repeat(500) + "2-3",
        "bytes=-99999999999999999999", "bytes=9223372036854775807-", "bytes=0-9223372036854775807", "bytes= 1 - 2 ",
        "bytes=0x10-20", "bytes=\t5-6"};
    for (String range : ranges) {
      try (RawHttp connection = new RawHttp(oca.port())) {
        connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nRange: " + range + "\r\n\r\n");
        int status = connection.readResponse().status();
        assertTrue(status == 200 || status == 206 || status == 416, range + " -> " + status);
      }
    }
  }
}
