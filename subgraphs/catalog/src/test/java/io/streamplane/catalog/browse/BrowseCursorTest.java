package io.streamplane.catalog.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamplane.catalog.store.BrowseRow;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BrowseCursorTest {
  @Test
  void roundTrips() {
    BrowseRow row = new BrowseRow(123.456, "80000042");
    assertEquals(row, BrowseCursor.decode(BrowseCursor.encode(row)));
    assertNull(BrowseCursor.decode(null));
    assertNull(BrowseCursor.decode(""));
  }

  @Test
  void anythingElseIsBadUserInput() {
    for (String bad : new String[] {"%%%", "djE6", b64("v2:1.0:80000001"), b64("v1:NaN:80000001"),
        b64("v1:1.0:x'; DROP"), b64("v1:1.0"), "a".repeat(300)}) {
      ServiceException e = assertThrows(ServiceException.class, () -> BrowseCursor.decode(bad), bad);
      assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
  }
}
