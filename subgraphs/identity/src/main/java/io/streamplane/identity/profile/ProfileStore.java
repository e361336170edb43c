package io.streamplane.identity.profile;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.identity.account.AccountStore;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Profiles by account in Cassandra, read through EVCache (every playback start and profile switch reads them). The
 * five-profile limit holds across replicas: a profile is added only after a compare-and-set of the account's count.
 */
public final class ProfileStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Profile>> LIST = new TypeReference<>() {};

  private final Cql cql;
  private final AccountStore accounts;
  private final ReadThroughCache cache;
  private final PreparedStatement insert;
  private final PreparedStatement byAccount;

  public ProfileStore(Cql cql, AccountStore accounts, ReadThroughCache cache) {
    this.cql = cql;
    this.accounts = accounts;
    this.cache = cache;
    insert = cql.session().prepare("INSERT INTO profiles (account_id, id, name, kids, maturity_limit, language, "
        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    byAccount = cql.session().prepare("SELECT account_id, id, name, kids, maturity_limit, language, created_at "
        + "FROM profiles WHERE account_id = ?");
  }

  /** Adds a profile; CONFLICT at the limit. Retries the count's compare-and-set when another request raced it. */
  public Profile add(Profile profile, Instant now) {
    for (int attempt = 0; attempt < 5; attempt++) {
      int count = accounts.find(profile.accountId(), null)
          .orElseThrow(() -> ServiceException.notFound("no account " + profile.accountId())).account().profileCount();
      if (count >= ProfileRules.MAX_PROFILES) {
        throw new ServiceException(ErrorCode.CONFLICT,
            "an account has at most " + ProfileRules.MAX_PROFILES + " profiles");
      }
      if (accounts.compareAndSetProfileCount(profile.accountId(), count, count + 1)) {
        cql.run(insert.bind(profile.accountId(), profile.id(), profile.name(), profile.kids(), profile.maturityLimit(),
            profile.language(), now).setConsistencyLevel(ConsistencyLevel.QUORUM));
        cache.invalidate(key(profile.accountId()));
        return profile;
      }
    }
    throw new ServiceException(ErrorCode.CONFLICT, "the account's profiles are being changed, try again");
  }

  /** The account's profiles in creation order. */
  public List<Profile> list(UUID account, Duration timeout) {
    String key = key(account);
    String cached = cache.getAll(List.of(key)).get(key);
    if (cached != null) {
      return JSON.readValue(cached, LIST);
    }
    List<Row> rows = cql.run(byAccount.bind(account).setConsistencyLevel(ConsistencyLevel.QUORUM), timeout).all();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> a.getInstant(6).compareTo(b.getInstant(6)));
    List<Profile> profiles = sorted.stream().map(r -> new Profile(r.getUuid(0), r.getUuid(1), r.getString(2),
        r.getBoolean(3), r.getInt(4), r.getString(5))).toList();
    cache.putAll(Map.of(key, JSON.writeValueAsString(profiles)));
    return profiles;
  }

  /** The profile when it belongs to the account; FORBIDDEN otherwise (whether or not it exists elsewhere). */
  public Profile require(UUID account, UUID profile, Duration timeout) {
    return list(account, timeout).stream().filter(p -> p.id().equals(profile)).findFirst()
        .orElseThrow(() -> new ServiceException(ErrorCode.FORBIDDEN, "profile " + profile + " is not one of this account's"));
  }

  private static String key(UUID account) {
    return account.toString();
  }
}
