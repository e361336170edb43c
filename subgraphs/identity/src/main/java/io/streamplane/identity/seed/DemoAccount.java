package io.streamplane.identity.seed;

import io.streamplane.identity.account.AccountStore;
import io.streamplane.identity.account.Members;
import io.streamplane.identity.membership.Plan;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo member for the dev stack and the browser test: {@value #EMAIL} / {@value #PASSWORD}, Premium, a profile
 * "Demo" and a kids profile "Kids". Created once: a second start (or a racing replica) finds the email taken.
 */
public final class DemoAccount {
  public static final String EMAIL = "demo@streamplane.local";
  public static final String PASSWORD = "streamplane-demo";
  private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);

  private DemoAccount() {}

  public static void seedIfMissing(Members members, AccountStore accounts) {
    if (accounts.findByEmail(EMAIL).isPresent()) {
      return;
    }
    try {
      var account = members.create(EMAIL, PASSWORD, "US", Plan.PREMIUM);
      members.addProfile(account.id(), "Demo", false, null, "en");
      members.addProfile(account.id(), "Kids", true, null, "en");
      log.info("demo account {} created (password {})", EMAIL, PASSWORD);
    } catch (ServiceException e) {
      if (e.code() != ErrorCode.CONFLICT) {
        throw e;
      }
    }
  }
}
