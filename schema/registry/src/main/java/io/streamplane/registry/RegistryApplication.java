package io.streamplane.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.streamplane.registry.access.PublishTokens;
import io.streamplane.registry.grpc.BearerToken;
import io.streamplane.registry.grpc.RegistryGrpcService;
import org.slf4j.LoggerFactory;
import io.streamplane.registry.review.SchemaRegistry;
import io.streamplane.registry.store.RegistryStore;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The schema registry service: HTTP API and reviewers' page on 8090, gRPC on 9090. */
@SpringBootApplication
public class RegistryApplication {
  public static void main(String[] args) {
    SpringApplication.run(RegistryApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  CqlSession registrySession(@Value("${streamplane.cassandra.contact-points}") String contactPoints,
      @Value("${streamplane.registry.keyspace}") String keyspace) {
    return CassandraSessions.open(CassandraConfig.local(contactPoints, keyspace), "cql/registry.cql");
  }

  @Bean
  SchemaRegistry schemaRegistry(CqlSession session) {
    return new SchemaRegistry(new RegistryStore(session), Clock.systemUTC());
  }

  /** Publish tokens ({@code graph=token,graph/subgraph=token}); none configured leaves publishing open (dev). */
  @Bean
  PublishTokens publishTokens(@Value("${streamplane.registry.publish-tokens:}") String config) {
    PublishTokens tokens = PublishTokens.parse(config);
    if (tokens.open()) {
      LoggerFactory.getLogger(RegistryApplication.class).warn("no streamplane.registry.publish-tokens configured: "
          + "anyone who reaches the registry can publish (fine for the local stack only)");
    }
    return tokens;
  }

  @Bean
  BindableService registryGrpcService(SchemaRegistry registry, PublishTokens tokens) {
    RegistryGrpcService service = new RegistryGrpcService(registry, tokens);
    return () -> ServerInterceptors.intercept(service, new BearerToken());
  }
}
