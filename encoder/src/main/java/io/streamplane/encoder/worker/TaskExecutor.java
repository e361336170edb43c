package io.streamplane.encoder.worker;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ingest.IngestException;
import io.streamplane.encoder.jobs.TaskJson;
import io.streamplane.encoder.jobs.TaskKind;
import io.streamplane.encoder.jobs.TaskPayloads;
import io.streamplane.encoder.ladder.Allocation;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.encoder.pipeline.TitleStages;
import io.streamplane.encoder.report.TitleReport;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.vmaf.VmafModel;
import io.streamplane.encoder.vmaf.VmafScorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs one task against the shared storage: {@code work} for sources and scratch encodes, {@code origin} for what is
 * published. Every task can run again from the start with the same outcome (outputs are renamed into place), which is
 * what lets the coordinator hand a dead worker's task to another one.
 */
public final class TaskExecutor {

    private final FfmpegTools tools;
    private final Path work;
    private final Path origin;
    private final long minFreeBytes;
    private final VmafScorer scorer;

    /** @param minFreeBytes a task does not start while either folder has less free space (the disk-full guard) */
    public TaskExecutor(FfmpegTools tools, Path work, Path origin, long minFreeBytes) {
        this.tools = tools;
        this.work = work;
        this.origin = origin;
        this.minFreeBytes = minFreeBytes;
        this.scorer = new VmafScorer(VmafModel.v061(), 1);
    }

    /** Runs the task and returns its result JSON; failures are {@link TaskFailure}s with a stable code. */
    public String run(TaskKind kind, String payload, ContentKey key) {
        try {
            checkFreeSpace();
            return switch (kind) {
                case INGEST -> ingest(TaskJson.read(payload, TaskPayloads.Ingest.class));
                case CANDIDATE -> candidate(TaskJson.read(payload, TaskPayloads.Candidate.class));
                case FIXED -> fixed(TaskJson.read(payload, TaskPayloads.Fixed.class));
                case RUNG -> rung(TaskJson.read(payload, TaskPayloads.Rung.class), key);
                case CODEC_RUNG -> codecRung(TaskJson.read(payload, TaskPayloads.CodecRung.class), key);
                case AUDIO -> audio(TaskJson.read(payload, TaskPayloads.Audio.class), key);
                case PUBLISH -> publish(TaskJson.read(payload, TaskPayloads.Publish.class), key);
            };
        } catch (TaskFailure e) {
            throw e;
        } catch (IngestException e) {
            throw new TaskFailure(e.code(), e.getMessage(), false);
        } catch (MediaToolException e) {
            if (noSpace(e.getMessage())) {
                throw diskFull(e.getMessage());
            }
            throw new TaskFailure(e.code(), e.getMessage(), true);
        } catch (IOException e) {
            if (noSpace(e.getMessage())) {
                throw diskFull(e.getMessage());
            }
            throw new TaskFailure("IO_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TaskFailure("TASK_INVALID", e.getMessage(), false);
        } catch (RuntimeException e) {
            throw new TaskFailure("TASK_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
    }

    private void checkFreeSpace() throws IOException {
        for (Path dir : List.of(work, origin)) {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < minFreeBytes) {
                throw diskFull(dir + " has " + free / (1024 * 1024) + " MiB free, below the reserve of "
                        + minFreeBytes / (1024 * 1024) + " MiB");
            }
        }
    }

    private static boolean noSpace(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("no space left");
    }

    private static TaskFailure diskFull(String message) {
        return new TaskFailure("DISK_FULL", "the farm's storage is full: " + message, false);
    }

    private String ingest(TaskPayloads.Ingest task) throws IOException {
        Path submitted = Path.of(task.source());
        Path jobDir = work.resolve(task.jobDir());
        Files.createDirectories(jobDir);
        String name = submitted.getFileName() == null ? "source" : submitted.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
        if (!extension.matches("\\.[a-z0-9]{1,5}")) {
            extension = "";
        }
        Path copy = jobDir.resolve("source" + extension);
        if (!Files.exists(copy)) {
            // The job works on its own copy: the submitted file may change or go away while the job runs.
            if (!Files.isRegularFile(submitted)) {
                throw new IngestException("INGEST_NOT_FOUND", "no such file: " + submitted);
            }
            Path partial = jobDir.resolve("source.part");
            Files.copy(submitted, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        TitleStages.Analysis analysis = TitleStages.analyse(tools, copy, task.minChunkSeconds(),
                task.maxChunkSeconds(), task.segmentSeconds());
        return TaskJson.write(new TaskPayloads.IngestResult(analysis.source(), analysis.plan(),
                work.relativize(copy).toString()));
    }

    private String candidate(TaskPayloads.Candidate task) throws IOException {
        Chunk chunk = task.plan().chunks().get(task.chunk());
        List<RatePoint> points = TitleStages.candidates(tools, scorer, work.resolve(task.sourceFile()), task.plan(),
                chunk, task.height(), task.crfs(), work.resolve(task.dir()));
        return TaskJson.write(new TaskPayloads.CandidateResult(points));
    }

    private String fixed(TaskPayloads.Fixed task) throws IOException {
        RatePoint point = TitleStages.fixedRung(tools, scorer, work.resolve(task.sourceFile()), task.plan(),
                task.kbps(), task.height(), work.resolve(task.dir()));
        return TaskJson.write(new TaskPayloads.FixedResult(point));
    }

    private String rung(TaskPayloads.Rung task, ContentKey key) throws IOException {
        List<Path> parts = task.parts().stream().map(work::resolve).toList();
        Path rendition = work.resolve(task.renditionFile());
        Files.createDirectories(rendition.getParent());
        TitleStages.PackagedRung rung = TitleStages.packageRung(tools, parts, rendition, task.plan(),
                origin.resolve(task.stagingDir()), task.folder(), key);
        return TaskJson.write(new TaskPayloads.RungResult(rung));
    }

    private String codecRung(TaskPayloads.CodecRung task, ContentKey key) throws IOException {
        Path rendition = work.resolve(task.renditionFile());
        Files.createDirectories(rendition.getParent());
        TitleStages.PackagedRung rung = TitleStages.packageCodecRung(tools, work.resolve(task.sourceFile()),
                task.plan(), VideoCodec.fromWire(task.codec()), task.height(), task.kbps(), rendition,
                origin.resolve(task.stagingDir()), task.folder(), key);
        return TaskJson.write(new TaskPayloads.RungResult(rung));
    }

    private String audio(TaskPayloads.Audio task, ContentKey key) throws IOException {
        Path staging = origin.resolve(task.stagingDir());
        Files.createDirectories(staging);
        TitleStages.PackagedAudio audio = TitleStages.packageAudio(tools, work.resolve(task.sourceFile()),
                task.segmentSeconds(), staging, key);
        return TaskJson.write(new TaskPayloads.AudioResult(audio));
    }

    /**
     * Writes manifests and report into the staging folder and swaps it in for the title (the old version, if any,
     * is moved aside first and removed after). Run again after the swap, it only lists the published files.
     */
    private String publish(TaskPayloads.Publish task, ContentKey key) throws IOException {
        Path staging = origin.resolve(task.stagingDir());
        Path titleDir = origin.resolve(task.titleDir());
        Path published = work.resolve(task.jobDir()).resolve("published");
        if (!Files.exists(published)) {
            List<TitleStages.PackagedRung> all = new ArrayList<>(task.rungs());
            if (task.codecRungs() != null) {
                all.addAll(task.codecRungs());
            }
            TitleStages.writeManifests(staging, task.fps(), all, task.audio(), key);
            List<Allocation> ladder = task.choices().stream().map(c -> TitleStages.allocation(c, task.shots()))
                    .toList();
            new TitleReport(task.titleId(), task.shots(), ladder, task.fixed()).writeTo(staging);
            Path previous = origin.resolve(".replaced").resolve(task.titleId() + "-" + System.nanoTime());
            if (Files.exists(titleDir)) {
                Files.createDirectories(previous.getParent());
                Files.move(titleDir, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, titleDir, StandardCopyOption.ATOMIC_MOVE);
            Files.createFile(published);
            TitleStages.deleteTree(previous);
        }
        // Scratch encodes are no longer needed once the title is in the origin.
        TitleStages.deleteTree(work.resolve(task.jobDir()).resolve("cand"));
        TitleStages.deleteTree(work.resolve(task.jobDir()).resolve("rungs"));
        TitleStages.deleteTree(work.resolve(task.jobDir()).resolve("fixed"));
        return TaskJson.write(new TaskPayloads.PublishResult(files(titleDir, task)));
    }

    /** Every published media file with its asset kind, size and SHA-256 (the report and chart are not media). */
    private static List<TaskPayloads.PublishedFile> files(Path titleDir, TaskPayloads.Publish task)
            throws IOException {
        List<TaskPayloads.PublishedFile> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(titleDir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : paths) {
            String path = titleDir.relativize(file).toString().replace('\\', '/');
            String kind = kind(path);
            if (kind == null) {
                continue;
            }
            String folder = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
            TitleStages.PackagedRung rung = null;
            double vmaf = 0;
            for (int r = 0; r < task.rungs().size(); r++) {
                if (task.rungs().get(r).representation().id().equals(folder)) {
                    rung = task.rungs().get(r);
                    vmaf = TitleStages.allocation(task.choices().get(r), task.shots()).quality();
                }
            }
            for (TitleStages.PackagedRung other : task.codecRungs() == null ? List.<TitleStages.PackagedRung>of()
                    : task.codecRungs()) {
                if (other.representation().id().equals(folder)) {
                    rung = other; // VP9 / AV1 renditions are not VMAF-scored: vmaf stays 0
                }
            }
            String codec = rung != null ? rung.variant().codecs()
                    : folder.equals("audio") && task.audio() != null ? task.audio().hls().codecs() : "";
            files.add(new TaskPayloads.PublishedFile(path, kind, Files.size(file), sha256(file), codec,
                    rung == null ? 0 : rung.variant().width(), rung == null ? 0 : rung.variant().height(),
                    rung != null ? rung.variant().averageBandwidth()
                            : folder.equals("audio") && task.audio() != null ? task.audio().hls().bandwidth() : 0,
                    vmaf));
        }
        return files;
    }

    private static String kind(String path) {
        if (path.equals("manifest.mpd")) {
            return "DASH_MANIFEST";
        }
        if (path.endsWith(".m3u8")) {
            return "HLS_PLAYLIST";
        }
        if (path.endsWith("/init.mp4")) {
            return "INIT_SEGMENT";
        }
        if (path.endsWith(".m4s")) {
            return path.startsWith("audio/") ? "AUDIO" : "VIDEO";
        }
        return null;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
