package io.streamplane.platform.spring;

import com.netflix.graphql.dgs.context.DgsCustomContextBuilderWithRequest;
import io.grpc.BindableService;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.GraphqlErrors;
import io.streamplane.platform.grpc.GrpcServer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What every subgraph gets: error codes on GraphQL errors, the caller read from the gateway's headers, and a gRPC
 * server (on {@code streamplane.grpc.port}) for every {@link BindableService} bean.
 */
@AutoConfiguration
public class PlatformAutoConfiguration {

  /** Primary: DGS defines its own graphql-java handler, which would add class names to messages. */
  @Bean
  @Primary
  @Order(Ordered.HIGHEST_PRECEDENCE)
  GraphqlErrors graphqlErrors() {
    return new GraphqlErrors();
  }

  @Bean
  @ConditionalOnMissingBean(DgsCustomContextBuilderWithRequest.class)
  DgsCustomContextBuilderWithRequest<Caller> callerContext(
      @Value("${streamplane.default-country:US}") String defaultCountry) {
    return (extensions, headers, request) -> Caller.fromHeaders(
        name -> headers == null ? null : headers.getFirst(name), defaultCountry);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty("streamplane.grpc.port")
  GrpcServer grpcServer(@Value("${streamplane.grpc.port}") int port, ObjectProvider<BindableService> services) {
    List<BindableService> all = services.orderedStream().toList();
    return new GrpcServer(port, all);
  }
}
