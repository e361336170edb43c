package io.streamplane.oca.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RamTierTest {

  private static RamTier.Key key(String name) {
    return new RamTier.Key(Path.of(name), "\"v1\"");
  }

  @Test
  void admitsOnlyFilesRequestedTwice() {
    RamTier tier = new RamTier(1000, 500, 100);
    assertFalse(tier.recordMiss(key("a"), 100));
    assertTrue(tier.recordMiss(key("a"), 100));
    assertFalse(tier.recordMiss(key("big"), 600), "larger than an entry may be");
    assertFalse(tier.recordMiss(key("big"), 600));
  }

  @Test
  void staysWithinItsByteBoundEvictingTheLeastRecentlyUsed() {
    RamTier tier = new RamTier(1000, 500, 100);
    tier.put(key("a"), ByteBuffer.allocate(400));
    tier.put(key("b"), ByteBuffer.allocate(400));
    assertTrue(tier.get(key("a")).isPresent()); // a is now more recent than b
    tier.put(key("c"), ByteBuffer.allocate(400));
    assertEquals(800, tier.usedBytes());
    assertTrue(tier.get(key("a")).isPresent());
    assertFalse(tier.get(key("b")).isPresent());
    assertTrue(tier.get(key("c")).isPresent());
  }

  @Test
  void anotherVersionOfAFileIsAMiss() {
    RamTier tier = new RamTier(1000, 500, 100);
    tier.put(key("a"), ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertTrue(tier.get(key("a")).isPresent());
    assertFalse(tier.get(new RamTier.Key(Path.of("a"), "\"v2\"")).isPresent());
    assertEquals(3, tier.get(key("a")).get().remaining());
  }

  @Test
  void theSeenOnceListIsBounded() {
    RamTier tier = new RamTier(1000, 500, 2);
    tier.recordMiss(key("a"), 10);
    tier.recordMiss(key("b"), 10);
    tier.recordMiss(key("c"), 10);
    assertFalse(tier.recordMiss(key("a"), 10), "a was forgotten when c came in");
  }
}
