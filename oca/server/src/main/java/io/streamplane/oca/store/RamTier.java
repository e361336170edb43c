package io.streamplane.oca.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small RAM tier for the hottest segments, bounded in bytes. Admission needs a second request for the same file
 * version (a frequency filter), so one-off requests, like a crawl through a whole title, cannot flush it; eviction is
 * least-recently-used. Entries are keyed by path and ETag, so a replaced file is never served from a stale copy.
 */
public final class RamTier {

  /** A cached file version: the file's real path plus its ETag. */
  public record Key(Path file, String etag) {
  }

  private final long capacityBytes;
  private final long maxEntryBytes;
  private final LinkedHashMap<Key, ByteBuffer> entries = new LinkedHashMap<>(64, 0.75f, true);
  // Files requested once recently; a second request admits them. Bounded so that it cannot grow without limit.
  private final LinkedHashMap<Key, Boolean> seenOnce;
  private long usedBytes;

  public RamTier(long capacityBytes, long maxEntryBytes, int maxTrackedFiles) {
    if (capacityBytes < 0 || maxEntryBytes < 0 || maxTrackedFiles < 1) {
      throw new IllegalArgumentException("RAM tier sizes must not be negative");
    }
    this.capacityBytes = capacityBytes;
    this.maxEntryBytes = Math.min(maxEntryBytes, capacityBytes);
    this.seenOnce = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
        return size() > maxTrackedFiles;
      }
    };
  }

  /** A read-only view of the cached bytes, if this file version is held. */
  public synchronized Optional<ByteBuffer> get(Key key) {
    ByteBuffer cached = entries.get(key);
    return cached == null ? Optional.empty() : Optional.of(cached.asReadOnlyBuffer());
  }

  /**
   * Records a request that missed the tier; returns true when the file should now be loaded and {@link #put}.
   */
  public synchronized boolean recordMiss(Key key, long size) {
    if (size > maxEntryBytes || size == 0) {
      return false;
    }
    return seenOnce.put(key, Boolean.TRUE) != null;
  }

  /** Stores the bytes (position to limit) of a file version, evicting the least recently used entries. */
  public synchronized void put(Key key, ByteBuffer bytes) {
    long size = bytes.remaining();
    if (size > maxEntryBytes || entries.containsKey(key)) {
      return;
    }
    seenOnce.remove(key);
    Iterator<Map.Entry<Key, ByteBuffer>> eldest = entries.entrySet().iterator();
    while (usedBytes + size > capacityBytes && eldest.hasNext()) {
      usedBytes -= eldest.next().getValue().remaining();
      eldest.remove();
    }
    entries.put(key, bytes.slice());
    usedBytes += size;
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }
}
