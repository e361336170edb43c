package io.streamplane.oca.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentPathTest {

  @Test
  void parsesTheDocumentedLayout() {
    ContentPath path = ContentPath.parseRequestPath("/titles/80057281/video/720p/seg-00001.m4s");
    assertEquals("80057281", path.titleId());
    assertEquals(List.of("video", "720p", "seg-00001.m4s"), path.segments());
    assertEquals("m4s", path.extension());
    assertTrue(path.servable());
    assertEquals("video/720p/seg-00001.m4s", path.relativePath());
    assertFalse(ContentPath.parseRequestPath("/titles/1/notes.txt").servable());
    assertEquals("video/a.mpd", ContentPath.ofAsset("t1", "video/a.mpd").relativePath());
  }

  @Test
  void refusesTraversalEncodingAndOddSegments() {
    for (String bad : new String[] {"/titles/1/../x.m4s", "/titles/../1/x.m4s", "/titles/1/%2e%2e/x.m4s",
        "/titles/1/a%2fb.m4s", "/titles/1//x.m4s", "/titles/1/.x.m4s", "/titles/1/a\\b.m4s", "/titles/1/", "/titles/1",
        "/titles//x.m4s", "/other/1/x.m4s", "/titles/1/x.m4s/", "/titles/1/" + "a/".repeat(9) + "x.m4s",
        "/titles/1/" + "a".repeat(600) + ".m4s", "/titles/1/x.m4s?y", "/titles/1/\u00e9.m4s"}) {
      assertThrows(InvalidContentPathException.class, () -> ContentPath.parseRequestPath(bad), bad);
    }
    assertThrows(InvalidContentPathException.class, () -> ContentPath.ofAsset("t1", "../x.m4s"));
    assertThrows(InvalidContentPathException.class, () -> ContentPath.ofAsset("..", "x.m4s"));
    assertEquals("BAD_TITLE_ID",
        assertThrows(InvalidContentPathException.class, () -> ContentPath.ofAsset("", "x.m4s")).code());
  }
}
