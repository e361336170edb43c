package io.streamplane.playback.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.netflix.evcache.EVCache;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamplane.platform.cache.CacheConfig;
import io.streamplane.platform.cache.ReadThroughCache;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.playback.grpc.CatalogClient;
import io.streamplane.playback.grpc.IdentityClient;
import io.streamplane.playback.grpc.KeyServiceClient;
import io.streamplane.playback.grpc.LastKnown;
import io.streamplane.playback.grpc.Peer;
import io.streamplane.playback.grpc.SteeringClient;
import io.streamplane.playback.lease.StreamLeases;
import io.streamplane.playback.license.LicenseRateLimiter;
import io.streamplane.playback.license.LicenseService;
import io.streamplane.playback.license.MemcachedRateLimiter;
import io.streamplane.playback.license.TitleKeys;
import io.streamplane.playback.manifest.DashTemplates;
import io.streamplane.playback.origin.OriginStore;
import io.streamplane.playback.play.Entitlement;
import io.streamplane.playback.play.OriginManifests;
import io.streamplane.playback.play.PlaybackService;
import io.streamplane.playback.play.Steering;
import io.streamplane.playback.play.TitleDirectory;
import io.streamplane.playback.play.TitleMedia;
import io.streamplane.playback.session.SessionStore;
import io.streamplane.playback.session.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires playback: Cassandra (leases, sessions), EVCache (fallbacks, licence rate), gRPC peers, the play flow. */
@Configuration(proxyBeanMethods = false)
public class PlaybackConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  CqlSession playbackSession(@Value("${streamplane.cassandra.contact-points}") String contactPoints,
      @Value("${streamplane.playback.keyspace}") String keyspace,
      @Value("${streamplane.playback.cassandra-timeout}") Duration timeout) {
    CassandraConfig local = CassandraConfig.local(contactPoints, keyspace);
    return CassandraSessions.open(new CassandraConfig(local.contactPoints(), local.localDatacenter(), keyspace,
        local.replicationFactor(), timeout, local.connectTimeout()), "cql/playback.cql");
  }

  @Bean
  StreamLeases streamLeases(CqlSession session, @Value("${streamplane.playback.lease-ttl}") Duration ttl) {
    return new StreamLeases(session, ttl);
  }

  @Bean
  SessionStore sessionStore(CqlSession session, @Value("${streamplane.playback.session-ttl}") Duration ttl) {
    return new SessionStore(session, ttl);
  }

  @Bean
  SessionTokens sessionTokens(@Value("${streamplane.playback.token-keys}") String keys, Clock clock) {
    return new SessionTokens(keys, clock);
  }

  /** Last answers of catalog and identity, the fallbacks while they are down. */
  @Bean
  ReadThroughCache playbackCache(@Value("${streamplane.memcached.nodes}") String nodes,
      @Value("${streamplane.playback.cache.app}") String app, @Value("${streamplane.playback.keyspace}") String ks) {
    return new ReadThroughCache(new CacheConfig(app, nodes, ks + ".lk", Duration.ofHours(6), Duration.ofMillis(100)));
  }

  /** Counters of the licence rate limit; the app's node list was set up by {@link #playbackCache}. */
  @Bean
  LicenseRateLimiter licenseRateLimiter(ReadThroughCache playbackCache,
      @Value("${streamplane.playback.cache.app}") String app, @Value("${streamplane.playback.keyspace}") String ks,
      @Value("${streamplane.playback.license-per-minute}") int perMinute, Clock clock) {
    EVCache counters = new EVCache.Builder().setAppName(app).setCachePrefix(ks + ".rl").setDefaultTTL(120).build();
    return new MemcachedRateLimiter(counters, perMinute, clock);
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService playbackExecutor() {
    return Executors.newFixedThreadPool(32, runnable -> {
      Thread thread = new Thread(runnable, "playback-lookup");
      thread.setDaemon(true);
      return thread;
    });
  }

  private static Peer peer(String name, String target, Duration deadline) {
    return new Peer(name, Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build(), deadline);
  }

  @Bean(destroyMethod = "close")
  Peer catalogPeer(@Value("${streamplane.playback.catalog-target}") String target,
      @Value("${streamplane.playback.call-deadline}") Duration deadline) {
    return peer("catalog", target, deadline);
  }

  @Bean(destroyMethod = "close")
  Peer identityPeer(@Value("${streamplane.playback.identity-target}") String target,
      @Value("${streamplane.playback.call-deadline}") Duration deadline) {
    return peer("identity", target, deadline);
  }

  @Bean(destroyMethod = "close")
  Peer steeringPeer(@Value("${streamplane.playback.steering-target}") String target,
      @Value("${streamplane.playback.call-deadline}") Duration deadline) {
    return peer("steering", target, deadline);
  }

  @Bean(destroyMethod = "close")
  Peer keysPeer(@Value("${streamplane.playback.keys-target}") String target,
      @Value("${streamplane.playback.call-deadline}") Duration deadline) {
    return peer("keys", target, deadline);
  }

  @Bean
  TitleDirectory titleDirectory(Peer catalogPeer, ReadThroughCache playbackCache,
      @Value("${streamplane.playback.catalog-fresh}") Duration fresh) {
    return new CatalogClient(catalogPeer, new LastKnown<>(playbackCache, "title:", CatalogClient.Found.class),
        new LastKnown<>(playbackCache, "media:", TitleMedia.class), fresh);
  }

  @Bean
  IdentityClient identityClient(Peer identityPeer, ReadThroughCache playbackCache) {
    return new IdentityClient(identityPeer, new LastKnown<>(playbackCache, "entitlement:", Entitlement.class));
  }

  @Bean
  Steering steering(Peer steeringPeer) {
    return new SteeringClient(steeringPeer);
  }

  @Bean
  TitleKeys titleKeys(Peer keysPeer) {
    return new KeyServiceClient(keysPeer);
  }

  @Bean
  OriginManifests originManifests(@Value("${streamplane.playback.origin-url}") String origin,
      @Value("${streamplane.playback.call-deadline}") Duration deadline) {
    return new OriginStore(origin, deadline, Duration.ofSeconds(30));
  }

  @Bean
  PlaybackService playbackService(IdentityClient identity, TitleDirectory titles, OriginManifests origin,
      Steering steering, StreamLeases leases, SessionStore sessions, SessionTokens tokens,
      ExecutorService playbackExecutor, Clock clock,
      @Value("${streamplane.playback.public-url}") String publicUrl,
      @Value("${streamplane.playback.session-ttl}") Duration sessionTtl) {
    return new PlaybackService(new PlaybackService.Dependencies(identity, titles, origin,
        new DashTemplates(1_000, Duration.ofMinutes(10)), steering, identity, leases, sessions, tokens, publicUrl,
        sessionTtl, playbackExecutor, clock));
  }

  @Bean
  LicenseService licenseService(SessionTokens tokens, SessionStore sessions, StreamLeases leases, TitleKeys keys,
      LicenseRateLimiter limiter) {
    return new LicenseService(tokens, sessions, leases, keys, limiter);
  }

  /** Circuit-breaker state per peer: streamplane_peer_circuit_open{peer} is 1 while calls short-circuit. */
  @Bean
  io.micrometer.core.instrument.binder.MeterBinder peerMetrics(java.util.List<Peer> peers) {
    return (MeterRegistry registry) -> peers.forEach(p -> io.micrometer.core.instrument.Gauge
        .builder("streamplane.peer.circuit.open", p, x -> x.breaker().getState().name().equals("OPEN") ? 1 : 0)
        .tag("peer", p.breaker().getName()).register(registry));
  }
}
