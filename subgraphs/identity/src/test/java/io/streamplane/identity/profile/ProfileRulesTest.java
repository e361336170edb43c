package io.streamplane.identity.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileRulesTest {
  private final UUID account = UUID.randomUUID();

  @Test
  void defaultsByKind() {
    assertEquals(18, ProfileRules.newProfile(account, "Ann", false, null, null).maturityLimit());
    Profile kid = ProfileRules.newProfile(account, " Kid ", true, null, "pt-BR");
    assertEquals(7, kid.maturityLimit());
    assertEquals("Kid", kid.name());
    assertEquals("pt-BR", kid.language());
  }

  @Test
  void kidsProfilesCannotBeMature() {
    assertEquals(13, ProfileRules.newProfile(account, "Teen", true, 13, "en").maturityLimit());
    assertBad(() -> ProfileRules.newProfile(account, "Kid", true, 18, "en"));
    assertBad(() -> ProfileRules.newProfile(account, "Odd", false, 12, "en"));
  }

  @Test
  void namesAndLanguagesAreChecked() {
    assertBad(() -> ProfileRules.newProfile(account, "  ", false, null, "en"));
    assertBad(() -> ProfileRules.newProfile(account, "x".repeat(41), false, null, "en"));
    assertBad(() -> ProfileRules.newProfile(account, "Ann", false, null, "english"));
    assertBad(() -> ProfileRules.parseId("not-a-uuid", "profile"));
  }

  private static void assertBad(Runnable r) {
    assertEquals(ErrorCode.BAD_USER_INPUT, assertThrows(ServiceException.class, r::run).code());
  }
}
