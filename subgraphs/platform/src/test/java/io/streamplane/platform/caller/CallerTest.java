package io.streamplane.platform.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {
  @Test
  void readsTheGatewaysHeaders() {
    Map<String, String> headers = Map.of(Caller.COUNTRY_HEADER, "gb", Caller.ACCOUNT_HEADER, "a-1",
        Caller.PROFILE_HEADER, " p-2 ", Caller.ROLES_HEADER, "catalog-operator, viewer", Caller.SESSION_HEADER, "s-3");
    Caller caller = Caller.fromHeaders(headers::get, "US");
    assertEquals("GB", caller.country());
    assertEquals("a-1", caller.accountId());
    assertEquals("p-2", caller.profileId());
    assertEquals("s-3", caller.sessionId());
    assertTrue(caller.hasRole("catalog-operator"));
    assertTrue(caller.hasRole("viewer"));
    assertFalse(caller.hasRole("admin"));
  }

  @Test
  void malformedOrMissingCountryFallsBackToTheDefault() {
    assertEquals("US", Caller.fromHeaders(Map.of(Caller.COUNTRY_HEADER, "USA")::get, "US").country());
    assertEquals("US", Caller.fromHeaders(Map.of(Caller.COUNTRY_HEADER, "1x")::get, "US").country());
    Caller anonymous = Caller.fromHeaders(name -> null, "DE");
    assertEquals("DE", anonymous.country());
    assertNull(anonymous.accountId());
    assertNull(anonymous.sessionId());
    assertTrue(anonymous.roles().isEmpty());
  }
}
