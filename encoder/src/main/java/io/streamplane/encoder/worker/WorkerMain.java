package io.streamplane.encoder.worker;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A worker process: {@code --coordinator host:port --work DIR --origin DIR [--slots N] [--worker-id ID]
 * [--min-free-mb M]}. The work and origin folders are the farm's shared storage (the same tree on every machine).
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        String coordinator = flags.getOrDefault("coordinator", "127.0.0.1:9300");
        Path work = Path.of(required(flags, "work")).toAbsolutePath();
        Path origin = Path.of(required(flags, "origin")).toAbsolutePath();
        int slots = Integer.parseInt(flags.getOrDefault("slots",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        long minFree = Long.parseLong(flags.getOrDefault("min-free-mb", "256")) * 1024 * 1024;
        String host = InetAddress.getLocalHost().getHostName();
        String workerId = flags.getOrDefault("worker-id", host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        ManagedChannel channel = NettyChannelBuilder.forTarget(coordinator).usePlaintext().build();
        Worker worker = new Worker(channel, workerId, host, slots,
                new TaskExecutor(FfmpegTools.locate(), work, origin, minFree));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            channel.shutdownNow();
        }));
        worker.start();
        Thread.currentThread().join();
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            System.err.println("missing --" + name);
            System.exit(2);
        }
        return value;
    }
}
