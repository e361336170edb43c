package io.streamplane.encoder.coordinator;

import com.datastax.oss.driver.api.core.CqlSession;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.streamplane.encoder.keystore.KeyGrpcService;
import io.streamplane.encoder.keystore.KeyStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The coordinator process's parts wired together: stores, coordinator, publisher and the gRPC server. */
public final class CoordinatorServer implements AutoCloseable {

    /**
     * @param catalog host:port of the catalog's gRPC service, or null to skip telling it
     * @param controlPlane host:port of the OCA control plane, or null
     */
    public record Options(String bind, int port, String cassandra, String keyspace, String keystoreKeyspace,
                          String catalog, String controlPlane, Coordinator.Config config, Duration publishBackoff) {
    }

    private final CqlSession farmSession;
    private final CqlSession keySession;
    private final ManagedChannel catalog;
    private final ManagedChannel controlPlane;
    private final Coordinator coordinator;
    private final Server server;

    private CoordinatorServer(Options options) throws IOException {
        Duration connect = Duration.ofSeconds(120);
        farmSession = StoreSessions.open(options.cassandra(), options.keyspace(), "cql/encoder.cql", connect);
        keySession = StoreSessions.open(options.cassandra(), options.keystoreKeyspace(), "cql/keystore.cql", connect);
        catalog = channel(options.catalog());
        controlPlane = channel(options.controlPlane());
        KeyStore keys = new KeyStore(keySession);
        coordinator = new Coordinator(new FarmStore(farmSession), keys,
                new Publisher(catalog, controlPlane, 4, options.publishBackoff()), options.config());
        coordinator.start();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(options.bind(), options.port()))
                .addService(new EncoderGrpcService(coordinator))
                .addService(new TaskGrpcService(coordinator, options.config().heartbeatInterval()))
                .addService(new KeyGrpcService(keys))
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .build()
                .start();
    }

    public static CoordinatorServer start(Options options) throws IOException {
        return new CoordinatorServer(options);
    }

    public int port() {
        return server.getPort();
    }

    private static ManagedChannel channel(String target) {
        return target == null || target.isBlank() ? null
                : NettyChannelBuilder.forTarget(target).usePlaintext().build();
    }

    /** Stops serving at once (in-flight calls fail; workers retry against the next coordinator). */
    @Override
    public void close() {
        server.shutdownNow();
        coordinator.close();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (catalog != null) {
            catalog.shutdownNow();
        }
        if (controlPlane != null) {
            controlPlane.shutdownNow();
        }
        farmSession.close();
        keySession.close();
    }
}
