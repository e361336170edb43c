package io.streamplane.identity.graphql;

import com.netflix.graphql.dgs.DgsComponent;
import com.netflix.graphql.dgs.DgsData;
import com.netflix.graphql.dgs.DgsDataFetchingEnvironment;
import com.netflix.graphql.dgs.DgsEntityFetcher;
import com.netflix.graphql.dgs.DgsMutation;
import com.netflix.graphql.dgs.DgsQuery;
import com.netflix.graphql.dgs.InputArgument;
import com.netflix.graphql.dgs.context.DgsContext;
import com.netflix.graphql.dgs.internal.DgsRequestData;
import com.netflix.graphql.dgs.internal.DgsWebMvcRequestData;
import io.streamplane.identity.account.Account;
import io.streamplane.identity.account.Members;
import io.streamplane.identity.account.SignUpLimiter;
import io.streamplane.identity.history.CatalogIds;
import io.streamplane.identity.history.ViewingStore;
import io.streamplane.identity.membership.Plan;
import io.streamplane.identity.profile.Profile;
import io.streamplane.identity.profile.ProfileRules;
import io.streamplane.identity.session.Authentication;
import io.streamplane.identity.session.TokenPair;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ServiceException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.context.request.ServletWebRequest;

/** The identity's GraphQL edge: who the caller is, argument checks, then the domain services. */
@DgsComponent
public class IdentityDataFetchers {
  /** Set by the gateway from the client connection (client-sent values are stripped there). */
  static final String CLIENT_IP_HEADER = "x-streamplane-client-ip";
  static final int MAX_PAGE = 200;

  private final Members members;
  private final Authentication authentication;
  private final SignUpLimiter signUps;
  private final ViewingStore viewing;
  private final Clock clock;

  public IdentityDataFetchers(Members members, Authentication authentication, SignUpLimiter signUps,
      ViewingStore viewing, Clock clock) {
    this.members = members;
    this.authentication = authentication;
    this.signUps = signUps;
    this.viewing = viewing;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ queries

  @DgsQuery
  public Views.AccountView me(DgsDataFetchingEnvironment env) {
    return Views.AccountView.of(members.account(members.requireAccount(caller(env))));
  }

  @DgsQuery
  public List<Profile> profiles(DgsDataFetchingEnvironment env) {
    return members.profiles(members.requireAccount(caller(env)));
  }

  @DgsQuery
  public List<Views.Title> myList(@InputArgument Integer first, DgsDataFetchingEnvironment env) {
    Profile profile = members.requireProfile(caller(env));
    return viewing.list(profile.id(), page(first)).stream().map(Views.Title::new).toList();
  }

  @DgsQuery
  public List<Views.HistoryEntry> viewingHistory(@InputArgument Integer first, DgsDataFetchingEnvironment env) {
    Profile profile = members.requireProfile(caller(env));
    return viewing.history(profile.id(), page(first)).stream().map(Views.HistoryEntry::of).toList();
  }

  @DgsQuery
  public List<Views.PlanView> plans() {
    return Arrays.stream(Plan.values()).map(Views.PlanView::of).toList();
  }

  // ------------------------------------------------------------------ mutations

  @DgsMutation
  public Views.AuthPayload signUp(@InputArgument Map<String, Object> input, DgsDataFetchingEnvironment env) {
    signUps.admit(clientAddress(env));
    Account account = members.create((String) input.get("email"), (String) input.get("password"),
        (String) input.get("country"), Plan.parse((String) input.get("plan")));
    return payload(authentication.signIn(account.email(), (String) input.get("password"), clientAddress(env)));
  }

  @DgsMutation
  public Views.AuthPayload signIn(@InputArgument String email, @InputArgument String password,
      DgsDataFetchingEnvironment env) {
    return payload(authentication.signIn(email, password, clientAddress(env)));
  }

  @DgsMutation
  public Views.AuthPayload refresh(@InputArgument String refreshToken) {
    return payload(authentication.refresh(refreshToken));
  }

  @DgsMutation
  public boolean signOut(@InputArgument String refreshToken) {
    authentication.signOut(refreshToken);
    return true;
  }

  @DgsMutation
  public Views.AuthPayload selectProfile(@InputArgument String refreshToken, @InputArgument String profileId,
      DgsDataFetchingEnvironment env) {
    Caller caller = caller(env);
    // Sent with an access token, that token's sign-in must still stand, like for any signed-in operation.
    UUID callerAccount = caller == null || caller.accountId() == null ? null : members.requireAccount(caller);
    return payload(authentication.selectProfile(refreshToken, ProfileRules.parseId(profileId, "profileId"),
        callerAccount));
  }

  @DgsMutation
  public Profile createProfile(@InputArgument Map<String, Object> input, DgsDataFetchingEnvironment env) {
    UUID account = members.requireAccount(caller(env));
    Object limit = input.get("maturityLimit");
    return members.addProfile(account, (String) input.get("name"), Boolean.TRUE.equals(input.get("kids")),
        limit == null ? null : ((Number) limit).intValue(), (String) input.get("language"));
  }

  @DgsMutation
  public Views.MembershipView changePlan(@InputArgument String plan, DgsDataFetchingEnvironment env) {
    return Views.MembershipView.of(members.changePlan(members.requireAccount(caller(env)), Plan.parse(plan)));
  }

  @DgsMutation
  public Views.Title addToMyList(@InputArgument String titleId, DgsDataFetchingEnvironment env) {
    String id = CatalogIds.title(titleId);
    viewing.add(members.requireProfile(caller(env)).id(), id, clock.instant());
    return new Views.Title(id);
  }

  @DgsMutation
  public Views.Title removeFromMyList(@InputArgument String titleId, DgsDataFetchingEnvironment env) {
    String id = CatalogIds.title(titleId);
    viewing.remove(members.requireProfile(caller(env)).id(), id);
    return new Views.Title(id);
  }

  // ------------------------------------------------------------------ types

  @DgsData(parentType = "Account", field = "membership")
  public Views.MembershipView membership(DgsDataFetchingEnvironment env) {
    return Views.MembershipView.of(members.subscription(accountOf(env), null));
  }

  @DgsData(parentType = "Account", field = "profiles")
  public List<Profile> accountProfiles(DgsDataFetchingEnvironment env) {
    return members.profiles(accountOf(env));
  }

  @DgsEntityFetcher(name = "Title")
  public Views.Title titleEntity(Map<String, Object> representation) {
    return new Views.Title(CatalogIds.title(String.valueOf(representation.get("id"))));
  }

  @DgsData(parentType = "Title", field = "inMyList")
  public CompletableFuture<Boolean> inMyList(DgsDataFetchingEnvironment env) {
    return titleState(env).thenApply(TitleState::inMyList);
  }

  @DgsData(parentType = "Title", field = "resumePosition")
  public CompletableFuture<Views.ResumePosition> resumePosition(DgsDataFetchingEnvironment env) {
    return titleState(env).thenApply(s -> s.position() == null ? null : Views.ResumePosition.of(s.position()));
  }

  // ------------------------------------------------------------------ helpers

  private static CompletableFuture<TitleState> titleState(DgsDataFetchingEnvironment env) {
    return env.<String, TitleState>getDataLoader(TitleStateDataLoader.NAME).load(env.<Views.Title>getSource().id());
  }

  private static UUID accountOf(DgsDataFetchingEnvironment env) {
    return UUID.fromString(env.<Views.AccountView>getSource().id());
  }

  private Views.AuthPayload payload(TokenPair pair) {
    Account account = members.account(pair.account());
    Profile profile = pair.profile() == null ? null
        : members.profiles(pair.account()).stream().filter(p -> p.id().equals(pair.profile())).findFirst()
            .orElse(null);
    return new Views.AuthPayload(pair.accessToken(), pair.accessTtl().toSeconds(), pair.refreshToken(), "Bearer",
        Views.AccountView.of(account), profile);
  }

  private static int page(Integer first) {
    int n = first == null ? 50 : first;
    if (n < 1 || n > MAX_PAGE) {
      throw ServiceException.badInput("first must be between 1 and " + MAX_PAGE);
    }
    return n;
  }

  private static Caller caller(DgsDataFetchingEnvironment env) {
    return DgsContext.getCustomContext(env);
  }

  /** The gateway's x-streamplane-client-ip, else the TCP peer (a client calling the subgraph directly). */
  private static String clientAddress(DgsDataFetchingEnvironment env) {
    DgsRequestData request = DgsContext.getRequestData(env);
    if (request == null) {
      return null;
    }
    String forwarded = request.getHeaders() == null ? null : request.getHeaders().getFirst(CLIENT_IP_HEADER);
    if (forwarded != null && !forwarded.isBlank()) {
      return forwarded.trim();
    }
    if (request instanceof DgsWebMvcRequestData mvc && mvc.getWebRequest() instanceof ServletWebRequest servlet) {
      return servlet.getRequest().getRemoteAddr();
    }
    return null;
  }
}
