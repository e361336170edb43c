package io.streamplane.identity.session;

import io.streamplane.identity.account.Account;
import io.streamplane.identity.account.AccountStore;
import io.streamplane.identity.account.Emails;
import io.streamplane.identity.account.Passwords;
import io.streamplane.identity.profile.ProfileStore;
import io.streamplane.identity.session.SessionStore.Session;
import io.streamplane.identity.token.RefreshClaims;
import io.streamplane.identity.token.Tokens;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in, refresh, profile selection and sign-out over the account, session and token stores. */
public final class Authentication {
  private static final Logger log = LoggerFactory.getLogger(Authentication.class);
  private static final ServiceException WRONG_CREDENTIALS =
      new ServiceException(ErrorCode.UNAUTHENTICATED, "wrong email or password");

  private final AccountStore accounts;
  private final ProfileStore profiles;
  private final SessionStore sessions;
  private final SignInLimiter limiter;
  private final Passwords passwords;
  private final Tokens tokens;
  private final Clock clock;

  public Authentication(AccountStore accounts, ProfileStore profiles, SessionStore sessions, SignInLimiter limiter,
      Passwords passwords, Tokens tokens, Clock clock) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.sessions = sessions;
    this.limiter = limiter;
    this.passwords = passwords;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Checks the password (the same Argon2id work whether or not the account exists, so timing does not tell) within
   * the failure limits; one message for an unknown email and a wrong password.
   */
  public TokenPair signIn(String email, String password, String clientAddress) {
    String normalised = Emails.normalise(email);
    if (password == null || password.isEmpty() || password.length() > Passwords.MAX_LENGTH * 4) {
      throw ServiceException.badInput("password is required");
    }
    limiter.check(normalised, clientAddress);
    Optional<AccountStore.StoredAccount> stored = accounts.findByEmail(normalised);
    boolean ok;
    if (stored.isPresent()) {
      ok = passwords.verify(password, stored.get().passwordHash());
    } else {
      passwords.verifyDecoy(password);
      ok = false;
    }
    if (!ok) {
      limiter.recordFailure(normalised, clientAddress);
      throw WRONG_CREDENTIALS;
    }
    Account account = stored.get().account();
    Session session = sessions.create(account.id(), clock.instant());
    return issue(account, session, null);
  }

  /**
   * Exchanges a refresh token for a new pair. Each refresh token works once: a second use means it was copied, so
   * the whole session is revoked and both holders must sign in again.
   */
  public TokenPair refresh(String refreshToken) {
    RefreshClaims claims = tokens.verifyRefresh(refreshToken);
    Session session = liveSession(claims);
    if (session.generation() != claims.generation()) {
      sessions.revoke(session.id());
      log.warn("refresh token reused for session {}: session revoked", session.id());
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the refresh token was used already; sign in again");
    }
    return rotate(session, session.profile());
  }

  /**
   * A pair scoped to one of the account's profiles (the access token then carries the profile). {@code callerAccount}
   * (from the gateway) must be the token's account when present.
   */
  public TokenPair selectProfile(String refreshToken, UUID profileId, UUID callerAccount) {
    RefreshClaims claims = tokens.verifyRefresh(refreshToken);
    if (callerAccount != null && !callerAccount.equals(claims.account())) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "the refresh token belongs to another account");
    }
    Session session = liveSession(claims);
    if (session.generation() != claims.generation()) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the refresh token was used already; sign in again");
    }
    profiles.require(claims.account(), profileId, null);
    return rotate(session, profileId);
  }

  /**
   * Revokes the token's session: its refresh tokens stop working, and so do its access tokens wherever their session
   * is checked (every signed-in operation here, every playback start) — see {@link SessionStore} for how soon.
   */
  public void signOut(String refreshToken) {
    RefreshClaims claims = tokens.verifyRefresh(refreshToken);
    sessions.revoke(claims.session());
  }

  private Session liveSession(RefreshClaims claims) {
    Session session = sessions.find(claims.session())
        .orElseThrow(() -> new ServiceException(ErrorCode.UNAUTHENTICATED, "the session has ended; sign in again"));
    if (session.account() == null) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the session has ended; sign in again");
    }
    if (session.revoked() || !session.account().equals(claims.account())) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the session has been revoked; sign in again");
    }
    return session;
  }

  private TokenPair rotate(Session session, UUID profile) {
    if (!sessions.advance(session, profile)) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the session changed concurrently; sign in again");
    }
    Account account = accounts.find(session.account(), null)
        .orElseThrow(() -> new ServiceException(ErrorCode.UNAUTHENTICATED, "the account no longer exists"))
        .account();
    Session next = new Session(session.id(), session.account(), profile, session.generation() + 1, false,
        session.createdAt());
    return issue(account, next, profile);
  }

  private TokenPair issue(Account account, Session session, UUID profile) {
    String access = tokens.issueAccess(account.id(), profile, account.country(), List.of("member"), session.id());
    String refresh = tokens.issueRefresh(session.id(), account.id(), session.generation());
    return new TokenPair(access, refresh, tokens.accessTtl(), account.id(), profile);
  }
}
