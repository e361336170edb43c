package io.streamplane.platform.spring;

import io.grpc.BindableService;
import io.streamplane.platform.grpc.GrpcServer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** What every service gets: a gRPC server (on {@code streamplane.grpc.port}) for every {@link BindableService} bean. */
@AutoConfiguration
public class PlatformAutoConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty("streamplane.grpc.port")
  GrpcServer grpcServer(@Value("${streamplane.grpc.port}") int port, ObjectProvider<BindableService> services) {
    List<BindableService> all = services.orderedStream().toList();
    return new GrpcServer(port, all);
  }
}
