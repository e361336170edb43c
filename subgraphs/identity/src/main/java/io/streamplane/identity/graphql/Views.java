package io.streamplane.identity.graphql;

import io.streamplane.identity.account.Account;
import io.streamplane.identity.history.ViewingRecord;
import io.streamplane.identity.membership.Plan;
import io.streamplane.identity.membership.Subscription;
import io.streamplane.identity.profile.Profile;

/** GraphQL shapes of the domain records (field names as in the schema). */
final class Views {
  private Views() {}

  record AccountView(String id, String email, String country) {
    static AccountView of(Account account) {
      return new AccountView(account.id().toString(), account.email(), account.country());
    }
  }

  record PlanView(String code, String name, int maxConcurrentStreams, String maxResolution, boolean hdr) {
    static PlanView of(Plan plan) {
      return new PlanView(plan.name(), plan.displayName(), plan.maxConcurrentStreams(), plan.maxResolution().name(),
          plan.hdr());
    }
  }

  record MembershipView(PlanView plan, String status, String updatedAt) {
    static MembershipView of(Subscription subscription) {
      return new MembershipView(PlanView.of(subscription.plan()), subscription.status().name(),
          subscription.updatedAt().toString());
    }
  }

  record AuthPayload(String accessToken, long expiresIn, String refreshToken, String tokenType, AccountView account,
      Profile profile) {}

  /**
   * A catalog title reference, named Title because DGS resolves entity types by class name; the catalog resolves the
   * rest through the gateway.
   */
  record Title(String id) {}

  record EpisodeRef(String id) {
    static EpisodeRef of(String id) {
      return id == null ? null : new EpisodeRef(id);
    }
  }

  record ResumePosition(EpisodeRef episode, double positionSeconds, double durationSeconds, String updatedAt) {
    static ResumePosition of(ViewingRecord record) {
      return new ResumePosition(EpisodeRef.of(record.episodeId()), record.positionMs() / 1000.0,
          record.durationMs() / 1000.0, record.updatedAt().toString());
    }
  }

  record HistoryEntry(Title title, EpisodeRef episode, double positionSeconds, double durationSeconds,
      String updatedAt) {
    static HistoryEntry of(ViewingRecord record) {
      return new HistoryEntry(new Title(record.titleId()), EpisodeRef.of(record.episodeId()),
          record.positionMs() / 1000.0, record.durationMs() / 1000.0, record.updatedAt().toString());
    }
  }
}
