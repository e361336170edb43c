package io.streamplane.platform.spring;

import io.grpc.BindableService;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.platform.registry.SchemaPublisher;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * What every service gets: a gRPC server (on {@code streamplane.grpc.port}) for every {@link BindableService} bean, and,
 * for subgraphs given {@code streamplane.registry.url}, their schema published to the registry at start (with the
 * publish token {@code streamplane.registry.token} when the registry requires one).
 */
@AutoConfiguration
public class PlatformAutoConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty("streamplane.grpc.port")
  GrpcServer grpcServer(@Value("${streamplane.grpc.port}") int port, ObjectProvider<BindableService> services) {
    List<BindableService> all = services.orderedStream().toList();
    return new GrpcServer(port, all);
  }

  @Bean
  @ConditionalOnProperty("streamplane.registry.url")
  ApplicationListener<ApplicationReadyEvent> schemaPublisher(@Value("${streamplane.registry.url}") String registry,
      @Value("${streamplane.registry.graph:main}") String graph,
      @Value("${spring.application.name}") String subgraph,
      @Value("${streamplane.subgraph.routing-url}") String routingUrl,
      @Value("${streamplane.subgraph.revision:}") String revision,
      @Value("${streamplane.registry.token:}") String token) {
    return event -> new SchemaPublisher(registry, graph, subgraph, routingUrl, revision, token)
        .publishInBackground(SchemaPublisher.schemaFiles());
  }
}
