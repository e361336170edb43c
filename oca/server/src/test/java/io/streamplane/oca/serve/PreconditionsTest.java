package io.streamplane.oca.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {

  private static final String ETAG = "\"abc-1\"";
  private static final Instant MODIFIED = Instant.parse("2026-11-26T10:00:00.250Z");
  private static final String MODIFIED_TEXT = "Thu, 26 Nov 2026 10:00:00 GMT";

  @Test
  void ifNoneMatchUsesWeakComparisonAndWinsOverIfModifiedSince() {
    assertTrue(Preconditions.notModified(ETAG, null, ETAG, MODIFIED));
    assertTrue(Preconditions.notModified("W/" + ETAG, null, ETAG, MODIFIED));
    assertTrue(Preconditions.notModified("\"x\", " + ETAG, null, ETAG, MODIFIED));
    assertTrue(Preconditions.notModified("*", null, ETAG, MODIFIED));
    assertFalse(Preconditions.notModified("\"x\"", MODIFIED_TEXT, ETAG, MODIFIED));
  }

  @Test
  void ifModifiedSinceComparesWholeSeconds() {
    assertTrue(Preconditions.notModified(null, MODIFIED_TEXT, ETAG, MODIFIED));
    assertFalse(Preconditions.notModified(null, "Thu, 26 Nov 2026 09:59:59 GMT", ETAG, MODIFIED));
    assertFalse(Preconditions.notModified(null, "not a date", ETAG, MODIFIED));
  }

  @Test
  void ifRangeNeedsAStrongMatchOrTheExactDate() {
    assertTrue(Preconditions.rangeAllowed(null, ETAG, MODIFIED));
    assertTrue(Preconditions.rangeAllowed(ETAG, ETAG, MODIFIED));
    assertFalse(Preconditions.rangeAllowed("W/" + ETAG, ETAG, MODIFIED));
    assertFalse(Preconditions.rangeAllowed("\"other\"", ETAG, MODIFIED));
    assertTrue(Preconditions.rangeAllowed(MODIFIED_TEXT, ETAG, MODIFIED));
    assertFalse(Preconditions.rangeAllowed("Thu, 26 Nov 2026 09:00:00 GMT", ETAG, MODIFIED));
    assertFalse(Preconditions.rangeAllowed("garbage", ETAG, MODIFIED));
  }
}
