package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP semantics of segment serving, over real HTTP against an appliance on an ephemeral port. */
class SegmentServingTest {

  private static final String SEGMENT = "/titles/t1/video/720p/seg-00001.m4s";
  private static final byte[] DATA = TestAppliance.randomBytes(200_000, 7);

  @TempDir
  static java.nio.file.Path store;
  private static TestAppliance oca;

  @BeforeAll
  static void start() throws IOException {
    oca = TestAppliance.start(store, "127.0.0.0/8,::1/128");
    oca.write(SEGMENT, DATA);
    oca.write("/titles/t1/video/720p/init.mp4", new byte[] {1, 2, 3});
    oca.write("/titles/t1/manifest.mpd", "<MPD/>".getBytes(StandardCharsets.UTF_8));
    oca.write("/titles/t1/master.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8));
    oca.write("/titles/t1/empty.m4s", new byte[0]);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    oca.close();
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void wholeSegmentWithValidatorsAndCacheHeaders() throws Exception {
    HttpResponse<byte[]> response = oca.get(oca.url(SEGMENT));
    assertEquals(200, response.statusCode());
    assertArrayEquals(DATA, response.body());
    assertEquals("video/iso.segment", header(response, "Content-Type"));
    assertEquals("bytes", header(response, "Accept-Ranges"));
    assertEquals("200000", header(response, "Content-Length"));
    assertTrue(header(response, "ETag").matches("\"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\""), header(response, "ETag"));
    assertTrue(header(response, "Last-Modified").endsWith(" GMT"));
    assertEquals("public, max-age=31536000, immutable", header(response, "Cache-Control"));
  }

  @Test
  void mimeTypesOfInitSegmentsAndManifests() throws Exception {
    assertEquals("video/mp4", header(oca.get(oca.url("/titles/t1/video/720p/init.mp4")), "Content-Type"));
    HttpResponse<byte[]> mpd = oca.get(oca.url("/titles/t1/manifest.mpd"));
    assertEquals("application/dash+xml", header(mpd, "Content-Type"));
    assertEquals("public, max-age=300", header(mpd, "Cache-Control"));
    assertEquals("application/vnd.apple.mpegurl", header(oca.get(oca.url("/titles/t1/master.m3u8")), "Content-Type"));
  }

  @Test
  void headHasTheHeadersOfGetAndNoBody() throws Exception {
    HttpResponse<byte[]> get = oca.get(oca.url(SEGMENT));
    HttpResponse<byte[]> head = oca.head(oca.url(SEGMENT));
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    assertEquals("200000", header(head, "Content-Length"));
    assertEquals(header(get, "ETag"), header(head, "ETag"));
    HttpResponse<byte[]> headRange = oca.head(oca.url(SEGMENT), "Range", "bytes=10-19");
    assertEquals(206, headRange.statusCode());
    assertEquals("10", header(headRange, "Content-Length"));
  }

  @Test
  void singleRangeOpenRangeAndSuffixRange() throws Exception {
    HttpResponse<byte[]> closed = oca.get(oca.url(SEGMENT), "Range", "bytes=100-199");
    assertEquals(206, closed.statusCode());
    assertEquals("bytes 100-199/200000", header(closed, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(DATA, 100, 200), closed.body());

    HttpResponse<byte[]> open = oca.get(oca.url(SEGMENT), "Range", "bytes=199000-");
    assertEquals(206, open.statusCode());
    assertEquals("bytes 199000-199999/200000", header(open, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(DATA, 199_000, 200_000), open.body());

    HttpResponse<byte[]> suffix = oca.get(oca.url(SEGMENT), "Range", "bytes=-500");
    assertEquals(206, suffix.statusCode());
    assertEquals("bytes 199500-199999/200000", header(suffix, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(DATA, 199_500, 200_000), suffix.body());

    HttpResponse<byte[]> beyondEnd = oca.get(oca.url(SEGMENT), "Range", "bytes=199990-999999");
    assertEquals("bytes 199990-199999/200000", header(beyondEnd, "Content-Range"));
    assertEquals(10, beyondEnd.body().length);
  }

  @Test
  void unsatisfiableRangeIs416WithTheLength() throws Exception {
    HttpResponse<byte[]> response = oca.get(oca.url(SEGMENT), "Range", "bytes=200000-200100");
    assertEquals(416, response.statusCode());
    assertEquals("bytes */200000", header(response, "Content-Range"));
    assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("RANGE_NOT_SATISFIABLE"));
    assertEquals(416, oca.get(oca.url("/titles/t1/empty.m4s"), "Range", "bytes=-10").statusCode());
  }

  @Test
  void multiRangeAndMalformedRangesGetTheWholeBody() throws Exception {
    for (String range : new String[] {"bytes=0-1,5-6", "bytes=5-2", "bytes=abc", "items=0-5", "bytes=--5",
        "bytes=99999999999999999999999-"}) {
      HttpResponse<byte[]> response = oca.get(oca.url(SEGMENT), "Range", range);
      int expected = range.startsWith("bytes=9999") ? 416 : 200;
      assertEquals(expected, response.statusCode(), range);
      if (expected == 200) {
        assertArrayEquals(DATA, response.body(), range);
      }
    }
    assertEquals(416, oca.get(oca.url(SEGMENT), "Range", "bytes=300000-,400000-").statusCode());
  }

  @Test
  void ifNoneMatchAndIfModifiedSinceAnswer304() throws Exception {
    HttpResponse<byte[]> first = oca.get(oca.url(SEGMENT));
    String etag = header(first, "ETag");
    HttpResponse<byte[]> again = oca.get(oca.url(SEGMENT), "If-None-Match", "\"other\", " + etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, header(again, "ETag"));
    assertEquals(200, oca.get(oca.url(SEGMENT), "If-None-Match", "\"other\"").statusCode());
    assertEquals(304, oca.get(oca.url(SEGMENT), "If-Modified-Since", header(first, "Last-Modified")).statusCode());
    assertEquals(200, oca.get(oca.url(SEGMENT), "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode());
  }

  @Test
  void ifRangeHonoursTheRangeOnlyForTheCurrentVersion() throws Exception {
    String etag = header(oca.get(oca.url(SEGMENT)), "ETag");
    HttpResponse<byte[]> current = oca.get(oca.url(SEGMENT), "Range", "bytes=0-9", "If-Range", etag);
    assertEquals(206, current.statusCode());
    HttpResponse<byte[]> stale = oca.get(oca.url(SEGMENT), "Range", "bytes=0-9", "If-Range", "\"1-2-3\"");
    assertEquals(200, stale.statusCode());
    assertArrayEquals(DATA, stale.body());
  }

  @Test
  void aReplacedFileGetsANewEtag() throws Exception {
    String path = "/titles/t1/video/720p/seg-00009.m4s";
    oca.write(path, TestAppliance.randomBytes(1000, 1));
    String before = header(oca.get(oca.url(path)), "ETag");
    java.nio.file.Path replacement = oca.write(path + ".tmp", TestAppliance.randomBytes(1001, 2));
    java.nio.file.Files.move(replacement, replacement.resolveSibling("seg-00009.m4s"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<byte[]> after = oca.get(oca.url(path), "If-None-Match", before);
    assertEquals(200, after.statusCode());
    assertEquals(1001, after.body().length);
  }

  @Test
  void contentNotHeldIs404AndOtherMethodsAre405() throws Exception {
    HttpResponse<byte[]> missing = oca.get(oca.url("/titles/t1/video/720p/seg-99999.m4s"));
    assertEquals(404, missing.statusCode());
    assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("NOT_HELD"));
    HttpResponse<byte[]> post = oca.http.send(java.net.http.HttpRequest.newBuilder(oca.url(SEGMENT))
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", header(post, "Allow"));
  }

  @Test
  void hotSegmentsAreServedFromTheRamTierWithIdenticalBytes() throws Exception {
    String path = "/titles/t1/video/1080p/seg-00001.m4s";
    byte[] data = TestAppliance.randomBytes(200_000, 11);
    oca.write(path, data);
    long hitsBefore = counter("oca_ram_tier_hits_total");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(data, oca.get(oca.url(path)).body());
    }
    HttpResponse<byte[]> range = oca.get(oca.url(path), "Range", "bytes=1000-1999");
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000), range.body());
    // first request: seen once; second: admitted and loaded; third and the range: hits
    assertEquals(2, counter("oca_ram_tier_hits_total") - hitsBefore);
    String metrics = new String(oca.get(URI.create("http://127.0.0.1:" + oca.port() + "/metrics")).body(),
        StandardCharsets.UTF_8);
    assertTrue(metrics.contains("oca_http_responses_total{code=\"200\"}"), metrics);
    assertTrue(metrics.contains("oca_http_response_bytes_total "), metrics);
  }

  @Test
  void longBodiesGoCorkedBySendfileWhileTheirRangesUseTheRamTier() throws Exception {
    String path = "/titles/t1/video/1080p/seg-00002.m4s";
    byte[] data = TestAppliance.randomBytes(2 * 1024 * 1024, 12);
    oca.write(path, data);
    long hitsBefore = counter("oca_ram_tier_hits_total");
    long missesBefore = counter("oca_ram_tier_misses_total");
    long corkedBefore = counter("oca_tcp_corked_responses_total");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(data, oca.get(oca.url(path)).body());
    }
    assertEquals(0, counter("oca_ram_tier_hits_total") - hitsBefore);
    assertEquals(0, counter("oca_ram_tier_misses_total") - missesBefore);
    assertEquals(3, counter("oca_tcp_corked_responses_total") - corkedBefore, "whole segments leave corked");
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> range = oca.get(oca.url(path), "Range", "bytes=65536-131071");
      assertArrayEquals(Arrays.copyOfRange(data, 65536, 131072), range.body());
    }
    assertEquals(1, counter("oca_ram_tier_hits_total") - hitsBefore);
    assertEquals(2, counter("oca_ram_tier_misses_total") - missesBefore);
    assertEquals(3, counter("oca_tcp_corked_responses_total") - corkedBefore, "64 KiB ranges are not corked");
  }

  @Test
  void filesLargerThanTheSocketBuffersAreSentCompletely() throws Exception {
    String path = "/titles/t1/video/4k/seg-00001.m4s";
    byte[] data = TestAppliance.randomBytes(12 * 1024 * 1024 + 3, 13);
    oca.write(path, data);
    assertArrayEquals(data, oca.get(oca.url(path)).body());
    HttpResponse<byte[]> tail = oca.get(oca.url(path), "Range", "bytes=1000000-");
    assertArrayEquals(Arrays.copyOfRange(data, 1_000_000, data.length), tail.body());
  }

  @Test
  void clientsThatHangUpMidTransferLeaveNoOpenFiles() throws Exception {
    String path = "/titles/t1/video/4k/seg-00002.m4s";
    java.nio.file.Path file = oca.write(path, TestAppliance.randomBytes(12 * 1024 * 1024, 17)).toRealPath();
    for (int i = 0; i < 20; i++) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", oca.port())) {
        socket.setSoLinger(true, 0);
        socket.getOutputStream().write(("GET " + oca.url(path).getRawPath() + " HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        socket.getInputStream().readNBytes(64 * 1024);
      }
    }
    // The server notices each reset on its next write; wait for that rather than for a fixed time.
    for (int attempt = 0; attempt < 300 && openHandles(file) > 0; attempt++) {
      Thread.sleep(100);
    }
    assertEquals(0, openHandles(file));
  }

  private static long openHandles(java.nio.file.Path file) throws IOException {
    try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).equals(file);
        } catch (IOException gone) {
          return false;
        }
      }).count();
    }
  }

  /** A counter as scraped from /metrics. */
  private static long counter(String name) throws Exception {
    String metrics = new String(oca.get(URI.create("http://127.0.0.1:" + oca.port() + "/metrics")).body(),
        StandardCharsets.UTF_8);
    return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToLong(line ->
        Long.parseLong(line.substring(name.length() + 1))).findFirst().orElseThrow();
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    URI uri = oca.url("/titles/t1/video/720p/init.mp4");
    try (RawHttp connection = new RawHttp(oca.port())) {
      for (int i = 0; i < 3; i++) {
        connection.send("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp.Response response = connection.readResponse();
        assertEquals(200, response.status());
        assertArrayEquals(new byte[] {1, 2, 3}, response.body());
      }
    }
  }
}
