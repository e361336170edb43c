package io.streamplane.identity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.identity.IdentityServiceTestBase;
import io.streamplane.identity.account.AccountStore;
import io.streamplane.identity.account.Passwords;
import io.streamplane.identity.profile.ProfileStore;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The per-address sign-in limit and the session lifetime, with stores on the shared test keyspace. */
class SessionLimitsTest extends IdentityServiceTestBase {
  @Autowired Cql cql;
  @Autowired AccountStore accounts;
  @Autowired ProfileStore profiles;
  @Autowired Passwords passwords;

  @Test
  void oneAddressGuessingAcrossAccountsIsLimited() {
    SignInLimiter limiter = new SignInLimiter(cql, Clock.systemUTC(), Duration.ofMinutes(15), 100, 3);
    Authentication auth = new Authentication(accounts, profiles, new SessionStore(cql, Duration.ofDays(1), ReadThroughCache.NONE), limiter,
        passwords, tokens, Clock.systemUTC());
    String address = "198.51.100." + (int) (Math.random() * 250);
    for (int i = 0; i < 3; i++) {
      ServiceException wrong = assertThrows(ServiceException.class,
          () -> auth.signIn("victim-" + UUID.randomUUID() + "@example.com", "guess", address));
      assertEquals(ErrorCode.UNAUTHENTICATED, wrong.code());
    }
    Member m = newMember("BASIC");
    assertEquals(ErrorCode.RATE_LIMITED,
        assertThrows(ServiceException.class, () -> auth.signIn(m.email(), "correct horse", address)).code());
    // Another address is not affected.
    assertTrue(auth.signIn(m.email(), "correct horse", "203.0.113.7").accessToken().length() > 20);
  }

  @Test
  void aSessionEndsWithItsLifetimeEvenIfRefreshed() throws Exception {
    SessionStore shortLived = new SessionStore(cql, Duration.ofSeconds(2), ReadThroughCache.NONE);
    Authentication auth = new Authentication(accounts, profiles, shortLived,
        new SignInLimiter(cql, Clock.systemUTC(), Duration.ofMinutes(15), 100, 100), passwords, tokens,
        Clock.systemUTC());
    Member m = newMember("BASIC");
    TokenPair first = auth.signIn(m.email(), "correct horse", null);
    TokenPair second = auth.refresh(first.refreshToken());
    UUID session = tokens.verifyRefresh(second.refreshToken()).session();
    Thread.sleep(2_500);
    // Every column expired with the row: nothing of the session is left behind.
    assertTrue(shortLived.find(session).isEmpty());
    ServiceException ended = assertThrows(ServiceException.class, () -> auth.refresh(second.refreshToken()));
    assertEquals(ErrorCode.UNAUTHENTICATED, ended.code());
    assertTrue(ended.getMessage().contains("ended"), ended.getMessage());
  }
}
