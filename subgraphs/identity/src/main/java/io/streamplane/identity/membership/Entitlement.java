package io.streamplane.identity.membership;

import io.streamplane.identity.account.Account;
import io.streamplane.identity.profile.Profile;

/** What a profile may watch now: its account's plan and subscription, its maturity limit, the account's country. */
public record Entitlement(Account account, Profile profile, Subscription subscription) {
  public Plan plan() {
    return subscription.plan();
  }
}
