package io.streamplane.identity.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.identity.account.AccountStore;
import io.streamplane.identity.account.Members;
import io.streamplane.identity.account.Passwords;
import io.streamplane.identity.account.SignUpLimiter;
import io.streamplane.identity.grpc.IdentityGrpcService;
import io.streamplane.identity.history.ViewingStore;
import io.streamplane.identity.membership.SubscriptionStore;
import io.streamplane.identity.profile.ProfileStore;
import io.streamplane.identity.seed.DemoAccount;
import io.streamplane.identity.session.Authentication;
import io.streamplane.identity.session.SessionStore;
import io.streamplane.identity.session.SignInLimiter;
import io.streamplane.identity.store.Cql;
import io.streamplane.identity.token.KeyRing;
import io.streamplane.identity.token.Tokens;
import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the identity: stores (Cassandra, EVCache for profiles), keys and tokens, and the GraphQL and gRPC edges. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  CqlSession identitySession(@Value("${streamplane.cassandra.contact-points}") String contactPoints,
      @Value("${streamplane.identity.keyspace}") String keyspace) {
    return CassandraSessions.open(CassandraConfig.local(contactPoints, keyspace), "cql/identity.cql");
  }

  @Bean
  Cql cql(CqlSession session) {
    return new Cql(session, Duration.ofSeconds(2));
  }

  @Bean
  AccountStore accountStore(Cql cql) {
    return new AccountStore(cql);
  }

  /** Profiles by account, cached: every profile switch, entitlement check and Title field reads them. */
  @Bean
  ProfileStore profileStore(Cql cql, AccountStore accounts, @Value("${streamplane.memcached.nodes}") String nodes,
      @Value("${streamplane.identity.cache.app}") String app,
      @Value("${streamplane.identity.keyspace}") String keyspace,
      @Value("${streamplane.identity.cache.ttl}") Duration ttl,
      @Value("${streamplane.identity.cache.read-timeout}") Duration readTimeout) {
    return new ProfileStore(cql, accounts,
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".profiles", ttl, readTimeout)));
  }

  @Bean
  SubscriptionStore subscriptionStore(Cql cql) {
    return new SubscriptionStore(cql);
  }

  @Bean
  ViewingStore viewingStore(Cql cql) {
    return new ViewingStore(cql);
  }

  @Bean
  Passwords passwords() {
    return Passwords.owaspDefaults();
  }

  @Bean
  KeyRing keyRing(Cql cql, Clock clock) {
    return new KeyRing(cql, clock).start();
  }

  @Bean
  Tokens tokens(KeyRing ring, Clock clock, @Value("${streamplane.identity.tokens.issuer}") String issuer,
      @Value("${streamplane.identity.tokens.access-ttl}") Duration accessTtl,
      @Value("${streamplane.identity.tokens.refresh-ttl}") Duration refreshTtl) {
    return new Tokens(ring, issuer, accessTtl, refreshTtl, clock);
  }

  /** Sessions, their standing cached: every signed-in request and every playback start asks whether theirs stands. */
  @Bean
  SessionStore sessionStore(Cql cql, @Value("${streamplane.identity.tokens.refresh-ttl}") Duration refreshTtl,
      @Value("${streamplane.memcached.nodes}") String nodes, @Value("${streamplane.identity.cache.app}") String app,
      @Value("${streamplane.identity.keyspace}") String keyspace,
      @Value("${streamplane.identity.sessions.cache-ttl}") Duration cacheTtl,
      @Value("${streamplane.identity.cache.read-timeout}") Duration readTimeout) {
    return new SessionStore(cql, refreshTtl,
        new ReadThroughCache(new CacheConfig(app, nodes, keyspace + ".sessions", cacheTtl, readTimeout)));
  }

  @Bean
  SignInLimiter signInLimiter(Cql cql, Clock clock, @Value("${streamplane.identity.sign-in.window}") Duration window,
      @Value("${streamplane.identity.sign-in.max-failures-per-account}") int perAccount,
      @Value("${streamplane.identity.sign-in.max-failures-per-address}") int perAddress) {
    return new SignInLimiter(cql, clock, window, perAccount, perAddress);
  }

  @Bean
  SignUpLimiter signUpLimiter(Cql cql, Clock clock, @Value("${streamplane.identity.sign-up.window}") Duration window,
      @Value("${streamplane.identity.sign-up.max-per-address}") int perAddress) {
    return new SignUpLimiter(cql, clock, window, perAddress);
  }

  @Bean
  Members members(AccountStore accounts, ProfileStore profiles, SubscriptionStore subscriptions, SessionStore sessions,
      Passwords passwords, Clock clock, @Value("${streamplane.identity.seed.demo}") boolean seed) {
    Members members = new Members(accounts, profiles, subscriptions, sessions, passwords, clock);
    if (seed) {
      DemoAccount.seedIfMissing(members, accounts);
    }
    return members;
  }

  @Bean
  Authentication authentication(AccountStore accounts, ProfileStore profiles, SessionStore sessions,
      SignInLimiter limiter, Passwords passwords, Tokens tokens, Clock clock) {
    return new Authentication(accounts, profiles, sessions, limiter, passwords, tokens, clock);
  }

  @Bean
  IdentityGrpcService identityGrpcService(Members members, ViewingStore viewing, Clock clock) {
    return new IdentityGrpcService(members, viewing, clock);
  }

  @Bean
  KeyRotation keyRotation(KeyRing ring, @Value("${streamplane.identity.tokens.rotation-period}") Duration period) {
    return new KeyRotation(ring, period);
  }

  /**
   * Every replica re-reads the ring (another may have rotated) and rotates when the key is due; the ring's
   * compare-and-set lets one replica win.
   */
  record KeyRotation(KeyRing ring, Duration period) {
    @Scheduled(fixedDelayString = "${streamplane.identity.tokens.key-refresh}",
        initialDelayString = "${streamplane.identity.tokens.key-refresh}")
    void tick() {
      try {
        ring.rotateIfOlderThan(period);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(KeyRotation.class).warn("key ring refresh failed: {}", e.getMessage());
      }
    }
  }
}
