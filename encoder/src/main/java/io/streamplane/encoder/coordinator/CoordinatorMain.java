package io.streamplane.encoder.coordinator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The coordinator process: {@code [--port 9300] [--bind 0.0.0.0] [--cassandra 127.0.0.1:9042] [--keyspace encoder]
 * [--keystore-keyspace keystore] [--catalog host:port] [--control-plane host:port] [--heartbeat-timeout-ms 10000]}.
 */
public final class CoordinatorMain {

    private CoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            flags.put(args[i].substring(2), args[i + 1]);
        }
        Coordinator.Config config = new Coordinator.Config(
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("heartbeat-interval-ms", "1000"))),
                Duration.ofMillis(Long.parseLong(flags.getOrDefault("heartbeat-timeout-ms", "10000"))),
                Integer.parseInt(flags.getOrDefault("max-attempts", "3")));
        CoordinatorServer server = CoordinatorServer.start(new CoordinatorServer.Options(
                flags.getOrDefault("bind", "0.0.0.0"), Integer.parseInt(flags.getOrDefault("port", "9300")),
                flags.getOrDefault("cassandra", "127.0.0.1:9042"), flags.getOrDefault("keyspace", "encoder"),
                flags.getOrDefault("keystore-keyspace", "keystore"), flags.get("catalog"), flags.get("control-plane"),
                config, Duration.ofSeconds(1)));
        System.out.println("encoder coordinator listening on " + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
