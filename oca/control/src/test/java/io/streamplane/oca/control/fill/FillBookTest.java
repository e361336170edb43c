package io.streamplane.oca.control.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FillBookTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

  @Test
  void backoffDoublesUpToItsCap() {
    assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1)),
        List.of(0, 1, 2, 3, 4, 5, 30).stream().map(backoff::after).toList());
  }

  @Test
  void tracksBytesAndDecidesEachTitleWhenTheFillEnds() {
    FillBook book = new FillBook(backoff, List.of());
    book.start("isp", Map.of("ok", 300L, "broken", 100L, "late", 100L), NOW);
    assertTrue(book.inFlight("isp"));
    book.fileDone("isp", "ok", 200, NOW);
    assertEquals(300, book.fileDone("isp", "ok", 100, NOW).orElseThrow().bytesDone());
    book.fileFailed("isp", "broken", "CHECKSUM_MISMATCH", "bad copy", NOW);
    book.fileFailed("isp", "late", "DEADLINE_EXCEEDED", "window ended", NOW);
    List<FillBook.TitleFill> ended = book.finish("isp", NOW);
    assertFalse(book.inFlight("isp"));
    assertEquals(3, ended.size());
    FillBook.TitleFill ok = find(book, "ok");
    assertEquals(FillBook.State.DONE, ok.state());
    assertEquals(300, ok.bytesDone());
    FillBook.TitleFill broken = find(book, "broken");
    assertEquals(FillBook.State.FAILED, broken.state());
    assertEquals("CHECKSUM_MISMATCH: bad copy", broken.lastError());
    assertTrue(book.waiting("isp", "broken", NOW.plusSeconds(4)));
    assertFalse(book.waiting("isp", "broken", NOW.plusSeconds(5)));
    assertEquals(FillBook.State.PAUSED, find(book, "late").state());
    assertFalse(book.waiting("isp", "late", NOW));

    // a second failure in a row waits twice as long; success resets the count
    book.start("isp", Map.of("broken", 100L), NOW.plusSeconds(5));
    book.failAll("isp", "UNAVAILABLE: appliance gone", NOW.plusSeconds(5));
    assertEquals(2, find(book, "broken").failures());
    assertTrue(book.waiting("isp", "broken", NOW.plusSeconds(14)));
    book.start("isp", Map.of("broken", 100L), NOW.plusSeconds(15));
    book.finish("isp", NOW.plusSeconds(16));
    assertEquals(0, find(book, "broken").failures());
  }

  @Test
  void aFillInterruptedByARestartIsCarriedOnAsPaused() {
    FillBook.TitleFill running = new FillBook.TitleFill("isp", "t", FillBook.State.FILLING, 50, 100, 1, NOW, "", NOW);
    FillBook restored = new FillBook(backoff, List.of(running));
    assertEquals(FillBook.State.PAUSED, find(restored, "t").state());
    assertFalse(restored.inFlight("isp"));
  }

  private static FillBook.TitleFill find(FillBook book, String titleId) {
    return book.all().stream().filter(f -> f.titleId().equals(titleId)).findFirst().orElseThrow();
  }
}
