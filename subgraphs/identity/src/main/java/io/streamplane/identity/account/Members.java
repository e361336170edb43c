package io.streamplane.identity.account;

import io.streamplane.identity.membership.Entitlement;
import io.streamplane.identity.membership.Plan;
import io.streamplane.identity.membership.Subscription;
import io.streamplane.identity.membership.SubscriptionStore;
import io.streamplane.identity.profile.Profile;
import io.streamplane.identity.profile.ProfileRules;
import io.streamplane.identity.profile.ProfileStore;
import io.streamplane.identity.session.SessionStore;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Accounts with their subscription and profiles, and the access rule every read follows: a caller (as the gateway
 * forwards it from a verified token) reaches only its own account and that account's profiles, and only while the
 * sign-in its token belongs to stands ({@link #requireAccount} is the one gate for that).
 */
public final class Members {
  private static final ServiceException SESSION_REVOKED = new ServiceException(ErrorCode.UNAUTHENTICATED,
      "this sign-in was ended (signed out or revoked); sign in again");
  private static final ServiceException SESSION_ENDED = new ServiceException(ErrorCode.UNAUTHENTICATED,
      "this sign-in has ended; sign in again");

  private final AccountStore accounts;
  private final ProfileStore profiles;
  private final SubscriptionStore subscriptions;
  private final SessionStore sessions;
  private final Passwords passwords;
  private final Clock clock;

  public Members(AccountStore accounts, ProfileStore profiles, SubscriptionStore subscriptions, SessionStore sessions,
      Passwords passwords, Clock clock) {
    this.accounts = accounts;
    this.profiles = profiles;
    this.subscriptions = subscriptions;
    this.sessions = sessions;
    this.passwords = passwords;
    this.clock = clock;
  }

  /** A new account with an active subscription to {@code plan}; CONFLICT when the email is taken. */
  public Account create(String email, String password, String country, Plan plan) {
    String normalised = Emails.normalise(email);
    Passwords.validateNew(password);
    String normalisedCountry = Caller.normaliseCountry(country);
    if (normalisedCountry == null) {
      throw ServiceException.badInput("country must be an ISO 3166-1 alpha-2 code");
    }
    Account account = accounts.create(normalised, passwords.hash(password), normalisedCountry, clock.instant());
    subscriptions.create(account.id(), plan, clock.instant());
    return account;
  }

  public Profile addProfile(UUID account, String name, boolean kids, Integer maturityLimit, String language) {
    return profiles.add(ProfileRules.newProfile(account, name, kids, maturityLimit, language), clock.instant());
  }

  public Account account(UUID id) {
    return accounts.find(id, null).orElseThrow(() -> ServiceException.notFound("no account " + id)).account();
  }

  public List<Profile> profiles(UUID account) {
    return profiles.list(account, null);
  }

  public Subscription subscription(UUID account, Duration timeout) {
    return subscriptions.find(account, timeout)
        .orElseThrow(() -> ServiceException.notFound("account " + account + " has no subscription"));
  }

  public Subscription changePlan(UUID account, Plan plan) {
    Subscription current = subscription(account, null);
    return subscriptions.change(current, plan, Subscription.Status.ACTIVE, clock.instant());
  }

  public Subscription cancel(UUID account) {
    Subscription current = subscription(account, null);
    return subscriptions.change(current, current.plan(), Subscription.Status.CANCELED, clock.instant());
  }

  /**
   * Plan, subscription, profile limits in one answer; FORBIDDEN when the profile is not the account's, UNAUTHENTICATED
   * when {@code session} (null: not checked) no longer stands.
   */
  public Entitlement entitlement(UUID account, UUID profile, UUID session, Duration timeout) {
    if (session != null) {
      requireLiveSession(session, account, timeout);
    }
    Account found = accounts.find(account, timeout)
        .orElseThrow(() -> ServiceException.notFound("no account " + account)).account();
    Profile p = profiles.require(account, profile, timeout);
    return new Entitlement(found, p, subscription(account, timeout));
  }

  /** The profile when it is one of the account's; FORBIDDEN otherwise (also for an unknown account). */
  public Profile profile(UUID account, UUID profile, Duration timeout) {
    return profiles.require(account, profile, timeout);
  }

  /**
   * The signed-in account of the caller; UNAUTHENTICATED without one, and once the sign-in its access token belongs
   * to was signed out, revoked or has ended (the gateway forwards the token's session with the account). Every
   * operation acting for a signed-in caller passes here.
   */
  public UUID requireAccount(Caller caller) {
    if (caller == null || caller.accountId() == null) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "sign in first");
    }
    UUID account = parseCallerId(caller.accountId(), "account");
    if (caller.sessionId() == null) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the request carries no sign-in session; sign in again");
    }
    requireLiveSession(parseCallerId(caller.sessionId(), "session"), account, null);
    return account;
  }

  /** The caller's selected profile, checked to be one of the caller's account. */
  public Profile requireProfile(Caller caller) {
    UUID account = requireAccount(caller);
    if (caller.profileId() == null) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "select a profile first (selectProfile)");
    }
    return profiles.require(account, ProfileRules.parseId(caller.profileId(), "profile"), null);
  }

  private void requireLiveSession(UUID session, UUID account, Duration timeout) {
    SessionStore.Standing standing = sessions.standing(session, timeout).orElseThrow(() -> SESSION_ENDED);
    if (standing.revoked() || !standing.account().equals(account)) {
      throw SESSION_REVOKED;
    }
  }

  private static UUID parseCallerId(String value, String what) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the caller's " + what + " is malformed");
    }
  }
}
