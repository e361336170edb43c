package io.streamplane.encoder.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.proto.encoder.v1.EncodeSettings;
import io.streamplane.proto.encoder.v1.EncoderServiceGrpc;
import io.streamplane.proto.encoder.v1.GetJobRequest;
import io.streamplane.proto.encoder.v1.JobState;
import io.streamplane.proto.encoder.v1.JobStatus;
import io.streamplane.proto.encoder.v1.SubmitTitleRequest;
import io.streamplane.proto.encoder.v1.SubmitTitleResponse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./streamplane encode <file> [--title-id ID] [--coordinator host:port] [--no-wait] [--heights 240,360]
 * [--crfs 24,30] [--rungs N] [--clear] [--codecs h264,vp9,av1]} submits a source to the farm and shows a live progress bar;
 * {@code --status <job>} prints a job's state; {@code --cancel <job>} stops it. Exit status: 0 done, 1 failed or
 * cancelled, 2 bad usage or unreachable coordinator.
 */
public final class EncodeClient {

    private EncodeClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String coordinator = "127.0.0.1:9300";
        String file = null;
        String titleId = null;
        String status = null;
        String cancel = null;
        boolean wait = true;
        EncodeSettings.Builder settings = EncodeSettings.newBuilder();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--coordinator" -> coordinator = args[++i];
                    case "--title-id" -> titleId = args[++i];
                    case "--status" -> status = args[++i];
                    case "--cancel" -> cancel = args[++i];
                    case "--no-wait" -> wait = false;
                    case "--heights" -> Arrays.stream(args[++i].split(",")).map(Integer::parseInt)
                            .forEach(settings::addHeights);
                    case "--crfs" -> Arrays.stream(args[++i].split(",")).map(Integer::parseInt)
                            .forEach(settings::addCrfs);
                    case "--rungs" -> settings.setRungs(Integer.parseInt(args[++i]));
                    case "--segment-seconds" -> settings.setSegmentSeconds(Double.parseDouble(args[++i]));
                    case "--clear" -> settings.setClear(true);
                    // checked here too, so a typo is a usage error before anything is submitted
                    case "--codecs" -> Arrays.stream(args[++i].split(",")).map(VideoCodec::fromWire)
                            .forEach(c -> settings.addCodecs(c.wireName()));
                    default -> {
                        if (args[i].startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        file = args[i];
                    }
                }
            }
        } catch (RuntimeException e) {
            err.println("usage: encode <file> [--title-id ID] [--coordinator host:port] [--no-wait] | --status JOB"
                    + " | --cancel JOB (" + e.getMessage() + ")");
            return 2;
        }
        ManagedChannel channel = NettyChannelBuilder.forTarget(coordinator).usePlaintext().build();
        try {
            EncoderServiceGrpc.EncoderServiceBlockingStub farm = EncoderServiceGrpc.newBlockingStub(channel);
            if (status != null) {
                JobStatus job = farm.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getJob(GetJobRequest.newBuilder().setJobId(status).build());
                out.println(describe(job));
                return 0;
            }
            if (cancel != null) {
                JobStatus job = farm.withDeadlineAfter(10, TimeUnit.SECONDS).cancelJob(
                        io.streamplane.proto.encoder.v1.CancelJobRequest.newBuilder().setJobId(cancel).build());
                out.println(describe(job));
                return 0;
            }
            if (file == null) {
                err.println("usage: encode <file> [--title-id ID] | --status JOB | --cancel JOB");
                return 2;
            }
            Path source = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(source)) {
                err.println("encode: no such file: " + source);
                return 2;
            }
            if (titleId == null) {
                titleId = defaultTitleId(source);
            }
            SubmitTitleResponse submitted = farm.withDeadlineAfter(30, TimeUnit.SECONDS).submitTitle(
                    SubmitTitleRequest.newBuilder().setTitleId(titleId).setSourcePath(source.toString())
                            .setSettings(settings).build());
            out.println((submitted.getAlreadyRunning() ? "title " + titleId + " already has job "
                    : "submitted job ") + submitted.getJobId() + " (title " + titleId + ")");
            if (!wait) {
                return 0;
            }
            return follow(farm, submitted.getJobId(), out, err);
        } catch (StatusRuntimeException e) {
            err.println("encode: " + (e.getStatus().getCode() == Status.Code.UNAVAILABLE
                    ? "the encoding farm at " + coordinator + " is not reachable (is the coordinator running?)"
                    : e.getStatus().getCode() + " " + e.getStatus().getDescription()));
            return 2;
        } finally {
            channel.shutdownNow();
        }
    }

    /** Streams the job's progress as a one-line bar on stderr until it ends; reconnects if the stream drops. */
    private static int follow(EncoderServiceGrpc.EncoderServiceBlockingStub farm, String jobId, PrintStream out,
                              PrintStream err) {
        JobStatus last = null;
        while (true) {
            try {
                Iterator<JobStatus> updates = farm.withDeadlineAfter(6, TimeUnit.HOURS)
                        .watchJob(GetJobRequest.newBuilder().setJobId(jobId).build());
                while (updates.hasNext()) {
                    last = updates.next();
                    err.print("\r" + bar(last) + "   ");
                    err.flush();
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
                sleep();
                continue;
            }
            if (last != null && last.getState() != JobState.JOB_STATE_RUNNING) {
                err.println();
                out.println(describe(last));
                return last.getState() == JobState.JOB_STATE_DONE ? 0 : 1;
            }
            sleep();
        }
    }

    static String bar(JobStatus s) {
        int width = 30;
        double fraction = s.getTasksTotal() == 0 ? 0 : (double) s.getTasksDone() / s.getTasksTotal();
        int filled = (int) Math.round(fraction * width);
        String eta = s.getEtaSeconds() < 0 ? "--:--" : String.format(Locale.ROOT, "%d:%02d",
                (long) s.getEtaSeconds() / 60, (long) s.getEtaSeconds() % 60);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %-8s chunks %d/%d  tasks %d/%d  ETA %s",
                "#".repeat(filled), ".".repeat(width - filled), fraction * 100, s.getStage(), s.getChunksDone(),
                s.getChunksTotal(), s.getTasksDone(), s.getTasksTotal(), eta);
    }

    static String describe(JobStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("job ").append(s.getJobId()).append(" title ").append(s.getTitleId()).append(": ")
                .append(s.getState().name().substring("JOB_STATE_".length())).append(", stage ").append(s.getStage())
                .append(", chunks ").append(s.getChunksDone()).append('/').append(s.getChunksTotal())
                .append(", tasks ").append(s.getTasksDone()).append('/').append(s.getTasksTotal());
        if (!s.getErrorCode().isEmpty()) {
            b.append("\n  error ").append(s.getErrorCode()).append(": ").append(s.getErrorMessage());
        }
        if (!s.getWarning().isEmpty()) {
            b.append("\n  warning: ").append(s.getWarning());
        }
        if (!s.getKeyId().isEmpty()) {
            b.append("\n  key id ").append(s.getKeyId());
        }
        return b.toString();
    }

    /** The file name without extension, reduced to the characters a title id allows. */
    static String defaultTitleId(Path source) {
        String name = source.getFileName().toString().replaceFirst("\\.[^.]*$", "")
                .replaceAll("[^A-Za-z0-9_-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return name.isEmpty() ? "title" : name.substring(0, Math.min(64, name.length()));
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
