package io.streamplane.oca.fill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentPath;
import io.streamplane.oca.store.ContentStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fills from a real HTTP origin: integrity checks, atomic placement, resume, fallback sources, the disk reserve. */
class FillerTest {

  private static final byte[] DATA = bytes(3 * 1024 * 1024 + 17, 1);

  @TempDir
  Path dir;
  private OriginServer origin;
  private ContentStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("origin/t1/video"));
    Files.write(dir.resolve("origin/t1/video/seg-1.m4s"), DATA);
    origin = new OriginServer(dir.resolve("origin"));
    store = new ContentStore(dir.resolve("oca"));
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private FillAsset asset(long size, String sha, URI... sources) {
    return new FillAsset(ContentPath.ofAsset("t1", "video/seg-1.m4s"), List.of(sources), size, sha);
  }

  private List<FillEvent> run(Filler filler, FillAsset asset) {
    List<FillEvent> events = new ArrayList<>();
    filler.run(new FillJob("f1", List.of(asset), Optional.empty(), 0), events::add, () -> false);
    return events;
  }

  private Filler filler(long reserveBytes) {
    return new Filler(store, http, Clock.systemUTC(), reserveBytes, new ServingMetrics());
  }

  private Path target() {
    return store.locate(ContentPath.ofAsset("t1", "video/seg-1.m4s"));
  }

  private FillEvent last(List<FillEvent> events) {
    return events.get(events.size() - 1);
  }

  @Test
  void fillsVerifiesAndPlacesTheAsset() throws Exception {
    List<FillEvent> events = run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s")));
    assertEquals(FillEvent.State.DONE, last(events).state(), last(events).message());
    assertArrayEquals(DATA, Files.readAllBytes(target()));
    assertEquals(FillEvent.State.QUEUED, events.get(0).state());
    assertTrue(events.stream().filter(e -> e.state() == FillEvent.State.DOWNLOADING).count() >= 3,
        "progress at least once per MiB");
    assertEquals(DATA.length, last(events).fillBytesDone());
    try (var left = Files.list(store.fillDirectory())) {
      assertEquals(0, left.count(), "no partial file is left behind");
    }
    List<FillEvent> again = run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s")));
    assertEquals(FillEvent.State.ALREADY_PRESENT, last(again).state());
  }

  @Test
  void aWrongChecksumOrSizeNeverReachesTheStore() throws Exception {
    FillEvent badSha = last(run(filler(0), asset(DATA.length, sha256(new byte[] {1}),
        origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillError.CHECKSUM_MISMATCH, badSha.error());
    FillEvent badSize = last(run(filler(0), asset(DATA.length - 1, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillError.SIZE_MISMATCH, badSize.error());
    assertFalse(Files.exists(target()));
  }

  @Test
  void resumesAPartialCopyWithARangeRequest() throws Exception {
    int kept = 1_000_000;
    Files.write(store.fillDirectory().resolve(sha256(DATA) + ".part"), Arrays.copyOf(DATA, kept));
    FillEvent done = last(run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillEvent.State.DONE, done.state(), done.message());
    assertEquals(List.of("bytes=" + kept + "-"), origin.rangesSeen);
    assertArrayEquals(DATA, Files.readAllBytes(target()));
  }

  @Test
  void aBrokenConnectionKeepsThePartialCopyAndTheNextFillResumes() throws Exception {
    origin.breakAfterBytes = 1_500_000;
    FillAsset asset = asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"));
    FillEvent broken = last(run(filler(0), asset));
    assertEquals(FillError.SOURCE_UNAVAILABLE, broken.error());
    Path part = store.fillDirectory().resolve(sha256(DATA) + ".part");
    assertTrue(Files.size(part) > 0 && Files.size(part) <= 1_500_000, "partial copy kept: " + Files.size(part));
    assertFalse(Files.exists(target()));

    origin.breakAfterBytes = -1;
    long resumeAt = Files.size(part);
    FillEvent done = last(run(filler(0), asset));
    assertEquals(FillEvent.State.DONE, done.state(), done.message());
    assertEquals("bytes=" + resumeAt + "-", origin.rangesSeen.get(origin.rangesSeen.size() - 1));
    assertArrayEquals(DATA, Files.readAllBytes(target()));
  }

  @Test
  void aCorruptPartialCopyIsDiscardedAndFetchedAgain() throws Exception {
    byte[] corrupt = Arrays.copyOf(DATA, 1000);
    corrupt[10] ^= 1;
    Files.write(store.fillDirectory().resolve(sha256(DATA) + ".part"), corrupt);
    FillEvent done = last(run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillEvent.State.DONE, done.state(), done.message());
    assertEquals(List.of("bytes=1000-", ""), origin.rangesSeen);
    assertArrayEquals(DATA, Files.readAllBytes(target()));
  }

  @Test
  void fallsBackToTheNextSource() throws Exception {
    FillEvent done = last(run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/missing/seg-1.m4s"),
        URI.create("http://127.0.0.1:1/unreachable"), origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillEvent.State.DONE, done.state(), done.message());
    assertEquals(origin.url("/t1/video/seg-1.m4s").toString(), done.sourceUrl());
  }

  @Test
  void refusesToFillIntoTheServingReserve() throws Exception {
    FillEvent full = last(run(filler(Long.MAX_VALUE / 2), asset(DATA.length, sha256(DATA),
        origin.url("/t1/video/seg-1.m4s"))));
    assertEquals(FillError.DISK_FULL, full.error());
    assertEquals(0, origin.requests.get());
    assertFalse(Files.exists(target()));
  }

  @Test
  void stopsAtTheEndOfTheFillWindowAndKeepsNothingHalfWritten() throws Exception {
    List<FillEvent> events = new ArrayList<>();
    FillJob job = new FillJob("f2", List.of(asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))),
        Optional.of(Instant.now().minusSeconds(1)), 0);
    filler(0).run(job, events::add, () -> false);
    assertEquals(FillError.DEADLINE_EXCEEDED, last(events).error());
    assertFalse(Files.exists(target()));
  }

  @Test
  void cancellationStopsTheFill() throws Exception {
    List<FillEvent> events = new ArrayList<>();
    FillJob job = new FillJob("f3", List.of(asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))),
        Optional.empty(), 0);
    filler(0).run(job, events::add, () -> true);
    assertEquals(FillError.CANCELLED, last(events).error());
  }

  @Test
  void theChecksumVerifiedAtFillTimeIsTheEtagEverywhere() throws Exception {
    run(filler(0), asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s")));
    ContentPath path = ContentPath.ofAsset("t1", "video/seg-1.m4s");
    String expected = "\"" + sha256(DATA).substring(0, 32) + "\"";
    assertEquals(expected, store.find(path).orElseThrow().etag());
    ContentStore otherAppliance = new ContentStore(dir.resolve("oca-2"));
    new Filler(otherAppliance, http, Clock.systemUTC(), 0, new ServingMetrics()).run(new FillJob("f9",
        List.of(asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))), Optional.empty(), 0),
        e -> { }, () -> false);
    assertEquals(expected, otherAppliance.find(path).orElseThrow().etag());
    assertEquals(expected, ContentStore.origin(dir.resolve("origin")).find(path).orElseThrow().etag());
    assertEquals(sha256(DATA), store.inventory(List.of()).get(0).sha256Hex());
  }

  /** A real small filesystem (tmpfs, mounted for the test: needs root) fills up while the copy is written. */
  @Test
  void aDiskThatFillsUpDuringAFillFailsItCleanlyAndServingContinues() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    String output = new String(mount.getInputStream().readAllBytes());
    assertEquals(0, mount.waitFor(), "mounting a 4 MiB tmpfs failed (the test needs root): " + output);
    try {
      ContentStore tiny = new ContentStore(small.resolve("oca"));
      ContentPath served = ContentPath.ofAsset("t0", "video/seg-0.m4s");
      byte[] servedBytes = bytes(512 * 1024, 3);
      Files.createDirectories(tiny.locate(served).getParent());
      Files.write(tiny.locate(served), servedBytes);
      List<FillEvent> events = new ArrayList<>();
      boolean[] hogged = {false};
      new Filler(tiny, http, Clock.systemUTC(), 0, new ServingMetrics()).run(new FillJob("f-full",
          List.of(asset(DATA.length, sha256(DATA), origin.url("/t1/video/seg-1.m4s"))), Optional.empty(), 0), e -> {
            events.add(e);
            if (!hogged[0] && e.state() == FillEvent.State.DOWNLOADING && e.assetBytesDone() >= 1024 * 1024) {
              hogged[0] = true;  // something else takes the space the fill counted on
              try {
                Files.write(small.resolve("hog.bin"), new byte[2 * 1024 * 1024]);
              } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
              }
            }
          }, () -> false);
      assertTrue(hogged[0]);
      FillEvent last = last(events);
      assertEquals(FillError.DISK_FULL, last.error(), last.message());
      assertFalse(Files.exists(tiny.locate(ContentPath.ofAsset("t1", "video/seg-1.m4s"))));
      try (var left = Files.list(tiny.fillDirectory())) {
        assertEquals(0, left.count(), "the partial copy gave its space back");
      }
      assertArrayEquals(servedBytes, Files.readAllBytes(tiny.find(served).orElseThrow().file()));
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }
}
