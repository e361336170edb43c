package io.streamplane.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.platform.cassandra.CassandraConfig;
import io.streamplane.platform.cassandra.CassandraSessions;
import io.streamplane.registry.grpc.RegistryGrpcService;
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

  @Bean
  RegistryGrpcService registryGrpcService(SchemaRegistry registry) {
    return new RegistryGrpcService(registry);
  }
}
