package io.streamplane.encoder.coordinator;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.streamplane.proto.encoder.v1.EncodeSettings;
import io.streamplane.proto.encoder.v1.EncoderServiceGrpc;
import io.streamplane.proto.encoder.v1.GetJobRequest;
import io.streamplane.proto.encoder.v1.JobState;
import io.streamplane.proto.encoder.v1.JobStatus;
import io.streamplane.proto.encoder.v1.SubmitTitleRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A farm for tests: a coordinator in this JVM (real gRPC on an ephemeral port, real Cassandra keyspaces unique to the
 * test class) and workers as separate JVM processes, exactly as deployed.
 */
final class FarmHarness implements AutoCloseable {

    static final String CASSANDRA = System.getProperty("streamplane.cassandra", "127.0.0.1:9042");

    final Path work;
    final Path origin;
    final String keyspace;
    final String keystore;
    final int port;
    private final List<Process> workers = new ArrayList<>();
    private CoordinatorServer coordinator;
    private ManagedChannel channel;

    FarmHarness(Path dir, String keyspace, String keystore) throws IOException {
        this.work = Files.createDirectories(dir.resolve("work"));
        this.origin = Files.createDirectories(dir.resolve("origin"));
        this.keyspace = keyspace;
        this.keystore = keystore;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    static Coordinator.Config config() {
        return new Coordinator.Config(Duration.ofMillis(300), Duration.ofSeconds(2), 3);
    }

    void startCoordinator(String catalog, String controlPlane) throws IOException {
        coordinator = CoordinatorServer.start(new CoordinatorServer.Options("127.0.0.1", port, CASSANDRA, keyspace,
                keystore, catalog, controlPlane, config(), Duration.ofMillis(200)));
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
    }

    void stopCoordinator() {
        coordinator.close();
        coordinator = null;
    }

    ManagedChannel channel() {
        return channel;
    }

    EncoderServiceGrpc.EncoderServiceBlockingStub farm() {
        return EncoderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A worker JVM with this test's classpath; its output goes to work/worker-N.log. */
    Process startWorker(int slots, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "io.streamplane.encoder.worker.WorkerMain",
                "--coordinator", "127.0.0.1:" + port, "--work", work.toString(), "--origin", origin.toString(),
                "--slots", Integer.toString(slots), "--worker-id", "w" + workers.size() + "-" + ProcessHandle
                        .current().pid()));
        command.addAll(List.of(extra));
        Path log = work.resolve("worker-" + workers.size() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.add(p);
        return p;
    }

    String workerLog(int index) throws IOException {
        return Files.readString(work.resolve("worker-" + index + ".log"));
    }

    String submit(String titleId, Path source, EncodeSettings settings) {
        return farm().submitTitle(SubmitTitleRequest.newBuilder().setTitleId(titleId)
                .setSourcePath(source.toAbsolutePath().toString()).setSettings(settings).build()).getJobId();
    }

    JobStatus job(String jobId) {
        return farm().getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
    }

    /** Polls the job until the condition holds; fails with the last status after the timeout. */
    JobStatus awaitJob(String jobId, Duration timeout, Predicate<JobStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = job(jobId);
                if (condition.test(last)) {
                    return last;
                }
            } catch (io.grpc.StatusRuntimeException e) {
                // coordinator restarting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not reach the expected state within " + timeout + ": "
                + last);
    }

    JobStatus awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        return awaitJob(jobId, timeout, s -> s.getState() != JobState.JOB_STATE_RUNNING);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Tiny ladders: 2 heights x 2 CRFs per 1 s chunk. */
    static EncodeSettings tinySettings() {
        return EncodeSettings.newBuilder().addHeights(72).addHeights(144).addCrfs(22).addCrfs(34).setRungs(3)
                .setMinChunkSeconds(0.5).setMaxChunkSeconds(1).setSegmentSeconds(1).build();
    }

    @Override
    public void close() throws Exception {
        for (Process p : workers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
