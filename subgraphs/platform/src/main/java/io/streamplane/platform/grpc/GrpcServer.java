package io.streamplane.platform.grpc;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A gRPC server for a service's internal API, with error mapping on every method. */
public final class GrpcServer implements AutoCloseable {
  private final Server server;

  public GrpcServer(int port, List<BindableService> services) {
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
        .maxInboundMessageSize(8 * 1024 * 1024);
    GrpcErrors errors = new GrpcErrors();
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, errors));
    }
    this.server = builder.build();
  }

  public GrpcServer start() {
    try {
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("gRPC server could not bind: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
