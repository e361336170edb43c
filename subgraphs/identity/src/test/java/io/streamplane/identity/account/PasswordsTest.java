package io.streamplane.identity.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.platform.errors.ServiceException;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  /** Small parameters keep the unit test fast; the encoding records them, so verification uses the stored ones. */
  private final Passwords passwords = new Passwords(1024, 1, 1);

  @Test
  void hashesAreSaltedArgon2idAndVerify() {
    String a = passwords.hash("correct horse");
    String b = passwords.hash("correct horse");
    assertTrue(a.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), a);
    assertNotEquals(a, b);
    assertTrue(passwords.verify("correct horse", a));
    assertFalse(passwords.verify("correct horsE", a));
    assertFalse(passwords.verify("", a));
  }

  @Test
  void storedParametersWinOverCurrentOnes() {
    String old = new Passwords(2048, 2, 1).hash("secret-password");
    assertTrue(passwords.verify("secret-password", old));
  }

  @Test
  void malformedHashesNeverMatch() {
    for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA",
        "$argon2id$v=16$m=1024,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$x=1$AAAA$AAAA"}) {
      assertFalse(passwords.verify("x", bad), String.valueOf(bad));
    }
  }

  @Test
  void newPasswordsHaveSaneLengths() {
    assertThrows(ServiceException.class, () -> Passwords.validateNew("short"));
    assertThrows(ServiceException.class, () -> Passwords.validateNew("x".repeat(129)));
    Passwords.validateNew("eight ch");
    assertEquals(8, Passwords.MIN_LENGTH);
  }
}
