package io.streamplane.oca.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store boundary holds even after a path was found once and remembered. */
class ContentStoreTest {

  @TempDir
  Path dir;

  private final ContentPath segment = ContentPath.ofAsset("t1", "video/seg-1.m4s");

  @Test
  void aFileSwappedForALinkOutOfTheStoreIsNoLongerFound() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("oca"));
    Path file = store.locate(segment);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2});
    assertTrue(store.find(segment).isPresent());
    Path outside = Files.write(dir.resolve("outside.m4s"), new byte[] {1, 2});
    Files.delete(file);
    Files.createSymbolicLink(file, outside);
    assertTrue(store.find(segment).isEmpty());
  }

  @Test
  void aDirectorySwappedForALinkOutOfTheStoreIsNoLongerFound() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("oca"));
    Path file = store.locate(segment);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2});
    assertTrue(store.find(segment).isPresent());
    Path outsideDir = Files.createDirectories(dir.resolve("elsewhere"));
    Files.write(outsideDir.resolve("seg-1.m4s"), new byte[] {1, 2});
    Files.move(file.getParent(), dir.resolve("moved-away"));
    Files.createSymbolicLink(file.getParent(), outsideDir);
    assertTrue(store.find(segment).isEmpty());
  }

  @Test
  void lastModifiedIsAnImfFixdate() {
    StoredFile file = new StoredFile(dir, 1, java.time.Instant.parse("2026-03-05T07:08:09.750Z"), "\"e\"");
    assertEquals("Thu, 05 Mar 2026 07:08:09 GMT", file.lastModifiedHttp());
  }

  @Test
  void aReplacedFileIsSeenWithItsNewValidators() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("oca"));
    Path file = store.locate(segment);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1, 2});
    StoredFile before = store.find(segment).orElseThrow();
    Path next = Files.write(file.resolveSibling("next.tmp"), new byte[] {3, 4, 5});
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    StoredFile after = store.find(segment).orElseThrow();
    assertEquals(3, after.size());
    assertNotEquals(before.etag(), after.etag());
    assertEquals(List.of(new ContentStore.HeldFile("t1", "video/seg-1.m4s", 3,
        Files.getLastModifiedTime(file).toMillis(), "")), store.inventory(List.of()));
  }
}
