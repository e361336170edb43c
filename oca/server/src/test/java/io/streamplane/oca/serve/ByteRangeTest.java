package io.streamplane.oca.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  private static final ByteRange WHOLE = new ByteRange.Whole();
  private static final ByteRange UNSATISFIABLE = new ByteRange.Unsatisfiable();

  private static ByteRange.Partial partial(long first, long last) {
    return new ByteRange.Partial(first, last);
  }

  @Test
  void singleRanges() {
    assertEquals(partial(0, 99), ByteRange.parse("bytes=0-99", 1000));
    assertEquals(partial(900, 999), ByteRange.parse("bytes=900-", 1000));
    assertEquals(partial(900, 999), ByteRange.parse("bytes=-100", 1000));
    assertEquals(partial(0, 999), ByteRange.parse("bytes=-5000", 1000));
    assertEquals(partial(990, 999), ByteRange.parse("bytes=990-5000", 1000));
    assertEquals(partial(5, 5), ByteRange.parse("Bytes=5-5", 1000));
    assertEquals(100, partial(0, 99).length());
  }

  @Test
  void unsatisfiableRanges() {
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=0-0", 0));
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=-1", 0));
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=99999999999999999999999-", 1000));
    assertEquals(UNSATISFIABLE, ByteRange.parse("bytes=2000-,3000-", 1000));
  }

  @Test
  void ignoredHeadersServeTheWholeBody() {
    for (String header : new String[] {null, "", "bytes=", "bytes=5-1", "bytes=a-b", "bytes=--1", "bytes=1-2-3",
        "items=0-1", "bytes=0-1,5-6", "bytes=0-1,x", "bytes=" + "1-2,".repeat(20) + "3-4", "bytes=+1-2"}) {
      assertEquals(WHOLE, ByteRange.parse(header, 1000), String.valueOf(header));
    }
  }
}
