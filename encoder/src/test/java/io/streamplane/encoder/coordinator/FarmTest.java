package io.streamplane.encoder.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.TitleAssets;
import io.streamplane.proto.catalog.v1.UpsertTitleAssetsRequest;
import io.streamplane.proto.encoder.v1.CancelJobRequest;
import io.streamplane.proto.encoder.v1.EncodeSettings;
import io.streamplane.proto.encoder.v1.EncoderServiceGrpc;
import io.streamplane.proto.encoder.v1.GetJobRequest;
import io.streamplane.proto.encoder.v1.GetTitleKeysRequest;
import io.streamplane.proto.encoder.v1.JobState;
import io.streamplane.proto.encoder.v1.JobStatus;
import io.streamplane.proto.encoder.v1.KeyServiceGrpc;
import io.streamplane.proto.encoder.v1.ListWorkersRequest;
import io.streamplane.proto.encoder.v1.TaskStatus;
import io.streamplane.proto.encoder.v1.TitleKey;
import io.streamplane.proto.oca.v1.AnnounceTitleRequest;
import io.streamplane.proto.oca.v1.AnnounceTitleResponse;
import io.streamplane.proto.oca.v1.FillServiceGrpc;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The farm end to end: a coordinator on real Cassandra, workers as separate processes, real ffmpeg. Covers the
 * published ladder (decrypting with the key from KeyService), a worker killed with SIGKILL, a coordinator restart,
 * cancellation, bad sources and a full disk.
 */
class FarmTest {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String KEYSPACE = "encoder_test_" + SUFFIX;
    private static final String KEYSTORE = "keystore_test_" + SUFFIX;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path shared;
    private static Path source;

    @BeforeAll
    static void makeSource() {
        source = SyntheticSource.generate(FfmpegTools.locate(), shared.resolve("master.mp4"), 256, 144, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 1.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.5))).file();
    }

    @Test
    void publishesAnEncryptedLadderTellsCatalogAndControlPlaneAndServesTheKey(@TempDir Path dir) throws Exception {
        List<TitleAssets> catalogCalls = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        Server receivers = NettyServerBuilder.forPort(0)
                .addService(new CatalogServiceGrpc.CatalogServiceImplBase() {
                    @Override
                    public void upsertTitleAssets(UpsertTitleAssetsRequest request,
                                                  StreamObserver<TitleAssets> response) {
                        catalogCalls.add(request.getAssets());
                        response.onNext(request.getAssets());
                        response.onCompleted();
                    }
                })
                .addService(new FillServiceGrpc.FillServiceImplBase() {
                    @Override
                    public void announceTitle(AnnounceTitleRequest request,
                                              StreamObserver<AnnounceTitleResponse> response) {
                        // only after the catalog knows the title
                        announced.add(request.getTitleId() + (catalogCalls.isEmpty() ? " before catalog" : ""));
                        response.onNext(AnnounceTitleResponse.newBuilder().setPlacedOn(2).build());
                        response.onCompleted();
                    }
                }).build().start();
        String target = "127.0.0.1:" + receivers.getPort();
        try (FarmHarness farm = new FarmHarness(dir, KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(target, target);
            farm.startWorker(2);
            // With VP9 and AV1 renditions of every rung: their tasks run on the workers like the others.
            String jobId = farm.submit("t-publish", source, FarmHarness.tinySettings().toBuilder().addCodecs("vp9")
                    .addCodecs("av1").build());

            List<JobStatus> updates = new ArrayList<>();
            Iterator<JobStatus> stream = EncoderServiceGrpc.newBlockingStub(farm.channel())
                    .withDeadlineAfter(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .watchJob(GetJobRequest.newBuilder().setJobId(jobId).build());
            stream.forEachRemaining(updates::add);
            JobStatus done = updates.get(updates.size() - 1);
            assertEquals(JobState.JOB_STATE_DONE, done.getState(), done.toString());
            List<String> stages = updates.stream().map(JobStatus::getStage).distinct().toList();
            assertEquals(List.of("ingest", "analyse", "package", "publish", "notify", "done"), stages);
            assertTrue(updates.stream().anyMatch(u -> u.getChunksDone() > 0 && u.getChunksDone() < u.getChunksTotal()),
                    "progress by chunk is reported");
            assertEquals(done.getChunksTotal(), done.getChunksDone());
            assertEquals(done.getTasksTotal(), done.getTasksDone());

            // The key comes from KeyService; the origin holds no copy of it.
            TitleKey key = KeyServiceGrpc.newBlockingStub(farm.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getTitleKeys(GetTitleKeysRequest.newBuilder().setTitleId("t-publish")
                            .addKeyIds(done.getKeyId()).build()).getKeys(0);
            String keyHex = HexFormat.of().formatHex(key.getKey().toByteArray());
            Path title = farm.origin.resolve("t-publish");
            String master = Files.readString(title.resolve("master.m3u8"));
            assertTrue(Files.readString(title.resolve("manifest.mpd")).contains("cenc:default_KID"));
            assertTrue(Files.readString(title.resolve("report.md")).contains("## Ladder"));
            List<Path> rungs;
            try (Stream<Path> dirs = Files.list(title)) {
                rungs = dirs.filter(p -> p.getFileName().toString().matches("v\\d+_\\d+")).sorted().toList();
            }
            assertTrue(rungs.size() >= 2, "rungs " + rungs);
            for (Path rung : rungs) {
                assertTrue(master.contains(rung.getFileName() + "/playlist.m3u8"), master);
                assertEquals(72, decryptedFrames(rung, keyHex), rung.toString());
                for (String codec : List.of("vp9_", "av1_")) {
                    Path other = title.resolve(codec + rung.getFileName().toString().substring(1));
                    assertEquals(72, decryptedFrames(other, keyHex), other.toString());
                }
            }
            assertTrue(done.getTasksList().stream().filter(t -> t.getTaskId().startsWith("rung-")
                    && t.getTaskId().endsWith("-av1")).count() == rungs.size(), done.getTasksList().toString());
            assertTrue(decryptedFrames(title.resolve("audio"), keyHex) > 130);
            try (Stream<Path> files = Files.walk(farm.origin)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(keyHex), f.toString());
                }
            }
            // Scratch encodes are gone, staging folders too.
            assertFalse(Files.exists(farm.work.resolve("jobs").resolve(jobId).resolve("cand")));
            try (Stream<Path> staging = Files.list(farm.origin.resolve(".staging"))) {
                assertEquals(0, staging.count());
            }

            // The catalog got every media file with its size and checksum, then the control plane was told.
            assertEquals(1, catalogCalls.size());
            TitleAssets assets = catalogCalls.get(0);
            assertEquals("t-publish", assets.getTitleId());
            assertEquals(done.getKeyId(), assets.getKeyId());
            Map<String, MediaAsset> byPath = assets.getAssetsList().stream()
                    .collect(Collectors.toMap(MediaAsset::getPath, a -> a));
            assertEquals("DASH_MANIFEST", byPath.get("manifest.mpd").getKind());
            assertEquals("HLS_PLAYLIST", byPath.get("master.m3u8").getKind());
            String firstRung = rungs.get(0).getFileName().toString();
            MediaAsset segment = byPath.get(firstRung + "/seg_00000.m4s");
            assertNotNull(segment, byPath.keySet().toString());
            assertEquals("VIDEO", segment.getKind());
            assertTrue(segment.getCodec().startsWith("avc1."));
            assertTrue(segment.getVmaf() > 0);
            MediaAsset av1 = byPath.get("av1_" + firstRung.substring(1) + "/seg_00000.m4s");
            assertNotNull(av1, byPath.keySet().toString());
            assertTrue(av1.getCodec().startsWith("av01.0."), av1.toString());
            assertTrue(byPath.get("vp9_" + firstRung.substring(1) + "/init.mp4").getCodec().startsWith("vp09.00."));
            for (MediaAsset a : assets.getAssetsList()) {
                Path file = title.resolve(a.getPath());
                assertEquals(Files.size(file), a.getSizeBytes(), a.getPath());
                assertEquals(sha256(file), a.getSha256(), a.getPath());
            }
            assertEquals(List.of("t-publish"), announced);
        } finally {
            receivers.shutdownNow();
        }
    }

    @Test
    void aWorkerKilledMidJobHasItsTaskRunElsewhere(@TempDir Path dir) throws Exception {
        try (FarmHarness farm = new FarmHarness(dir, KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(null, null);
            Process doomed = farm.startWorker(1);
            String jobId = farm.submit("t-kill", source, FarmHarness.tinySettings());
            String doomedId = "w0-" + ProcessHandle.current().pid();
            JobStatus midJob = farm.awaitJob(jobId, JOB_TIMEOUT, s -> s.getTasksList().stream().anyMatch(
                    t -> t.getTaskId().startsWith("cand-") && t.getState().equals("RUNNING")
                            && t.getWorkerId().equals(doomedId)));
            String victim = midJob.getTasksList().stream().filter(t -> t.getState().equals("RUNNING"))
                    .findFirst().orElseThrow().getTaskId();
            doomed.destroyForcibly();  // SIGKILL: no goodbye, no failure report
            assertTrue(doomed.waitFor(10, TimeUnit.SECONDS));
            farm.startWorker(1);

            JobStatus done = farm.awaitEnd(jobId, JOB_TIMEOUT);
            assertEquals(JobState.JOB_STATE_DONE, done.getState(), done.toString());
            TaskStatus rerun = done.getTasksList().stream().filter(t -> t.getTaskId().equals(victim)).findFirst()
                    .orElseThrow();
            assertEquals(2, rerun.getAttempt(), rerun.toString());
            assertEquals("w1-" + ProcessHandle.current().pid(), rerun.getWorkerId());
            assertTrue(Files.exists(farm.origin.resolve("t-kill").resolve("master.m3u8")));
        }
    }

    @Test
    void aRestartedCoordinatorResumesTheJob(@TempDir Path dir) throws Exception {
        try (FarmHarness farm = new FarmHarness(dir, KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(null, null);
            farm.startWorker(1);
            String jobId = farm.submit("t-restart", source, FarmHarness.tinySettings());
            JobStatus before = farm.awaitJob(jobId, JOB_TIMEOUT, s -> s.getChunksDone() >= 1);
            farm.stopCoordinator();
            Thread.sleep(1000);  // the worker's calls fail meanwhile; it keeps its result and retries
            farm.startCoordinator(null, null);

            JobStatus done = farm.awaitEnd(jobId, JOB_TIMEOUT);
            assertEquals(JobState.JOB_STATE_DONE, done.getState(), done.toString());
            // Work finished before the restart was not redone.
            for (TaskStatus t : before.getTasksList()) {
                if (t.getState().equals("DONE")) {
                    TaskStatus after = done.getTasksList().stream().filter(a -> a.getTaskId().equals(t.getTaskId()))
                            .findFirst().orElseThrow();
                    assertEquals(1, after.getAttempt(), after.toString());
                }
            }
            assertTrue(Files.exists(farm.origin.resolve("t-restart").resolve("manifest.mpd")));
        }
    }

    @Test
    void cancellingStopsTheWorkersFfmpeg(@TempDir Path dir) throws Exception {
        try (FarmHarness farm = new FarmHarness(dir, KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(null, null);
            Process worker = farm.startWorker(1);
            EncodeSettings many = FarmHarness.tinySettings().toBuilder().clearCrfs().addCrfs(18).addCrfs(22)
                    .addCrfs(26).addCrfs(30).addCrfs(34).addCrfs(38).build();
            String jobId = farm.submit("t-cancel", source, many);
            farm.awaitJob(jobId, JOB_TIMEOUT, s -> s.getStage().equals("analyse"));
            FarmHarness.await("an ffmpeg of the worker", JOB_TIMEOUT,
                    () -> worker.descendants().anyMatch(p -> p.info().command().orElse("").contains("ffmpeg")));
            JobStatus cancelled = farm.farm().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
            assertEquals(JobState.JOB_STATE_CANCELLED, cancelled.getState());

            FarmHarness.await("the worker's ffmpeg processes to end", Duration.ofSeconds(5),
                    () -> worker.descendants().findAny().isEmpty());
            FarmHarness.await("the worker to report the stop", Duration.ofSeconds(5), () -> {
                try {
                    return farm.workerLog(0).contains("stopping task " + jobId);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            // Nothing runs for the job any more: no new ffmpeg, no task left running.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < until) {
                assertTrue(worker.descendants().findAny().isEmpty(), "ffmpeg started after the cancel");
                Thread.sleep(50);
            }
            JobStatus after = farm.job(jobId);
            assertEquals(JobState.JOB_STATE_CANCELLED, after.getState());
            assertTrue(after.getTasksList().stream().noneMatch(t -> t.getState().equals("RUNNING")
                    || t.getState().equals("PENDING")), after.toString());
            assertTrue(farm.farm().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersList().stream()
                    .allMatch(w -> w.getRunningCount() == 0));
        }
    }

    @Test
    void badSourcesFailTheJobWithTheReason(@TempDir Path dir) throws Exception {
        FfmpegTools tools = FfmpegTools.locate();
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        byte[] all = Files.readAllBytes(source);
        Path truncated = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(all, all.length / 2));
        Path audio = dir.resolve("tone.m4a");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=1", "-c:a", "aac", audio.toString()), Duration.ofSeconds(60)).exitCode());
        Path corrupt = Files.copy(source, dir.resolve("corrupt.mp4"));
        try (RandomAccessFile f = new RandomAccessFile(corrupt.toFile(), "rw")) {
            java.util.Random random = new java.util.Random(7);
            byte[] junk = new byte[4096];
            for (long at = all.length / 5; at < all.length * 4L / 5; at += 16384) {
                random.nextBytes(junk);
                f.seek(at);
                f.write(junk);
            }
        }
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(200));
        try (FarmHarness farm = new FarmHarness(dir.resolve("farm"), KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(null, null);
            farm.startWorker(2);
            Map<Path, String> expected = Map.of(empty, "INGEST_EMPTY", truncated, "INGEST_TRUNCATED",
                    audio, "INGEST_NO_VIDEO", text, "INGEST_NOT_MEDIA", corrupt, "INGEST_CORRUPT",
                    dir.resolve("missing.mp4"), "INGEST_NOT_FOUND");
            Map<Path, String> jobs = new java.util.HashMap<>();
            int i = 0;
            for (Path bad : expected.keySet()) {
                jobs.put(bad, farm.submit("t-bad-" + i++, bad, FarmHarness.tinySettings()));
            }
            for (Map.Entry<Path, String> e : jobs.entrySet()) {
                JobStatus failed = farm.awaitEnd(e.getValue(), JOB_TIMEOUT);
                assertEquals(JobState.JOB_STATE_FAILED, failed.getState(), failed.toString());
                assertEquals(expected.get(e.getKey()), failed.getErrorCode(), failed.toString());
                assertFalse(failed.getErrorMessage().isBlank());
                // A bad source is not retried: the ingest task ran once.
                assertEquals(1, failed.getTasksList().get(0).getAttempt());
            }
        }
    }

    @Test
    void aFullDiskFailsTheJobAndTheCoordinatorCarriesOn(@TempDir Path dir) throws Exception {
        try (FarmHarness farm = new FarmHarness(dir, KEYSPACE, KEYSTORE)) {
            farm.startCoordinator(null, null);
            // Simulated: the worker keeps a free-space reserve larger than any disk, as if the disk were full.
            Process full = farm.startWorker(1, "--min-free-mb", Long.toString(1L << 40));
            String jobId = farm.submit("t-full", source, FarmHarness.tinySettings());
            JobStatus failed = farm.awaitEnd(jobId, JOB_TIMEOUT);
            assertEquals(JobState.JOB_STATE_FAILED, failed.getState());
            assertEquals("DISK_FULL", failed.getErrorCode(), failed.toString());
            assertTrue(failed.getErrorMessage().contains("full"), failed.getErrorMessage());
            // The coordinator still serves, and takes the next job.
            full.destroyForcibly();
            assertTrue(farm.farm().listWorkers(ListWorkersRequest.getDefaultInstance()).getWorkersCount() >= 0);
            String next = farm.submit("t-full", dir.resolve("nowhere.mp4"), FarmHarness.tinySettings());
            assertFalse(next.equals(jobId));
            assertEquals(JobState.JOB_STATE_RUNNING, farm.job(next).getState());
            farm.farm().cancelJob(CancelJobRequest.newBuilder().setJobId(next).build());
        }
    }

    /** init + segments in playlist order, decoded with the key; returns the number of frames. */
    private static int decryptedFrames(Path rungDir, String keyHex) throws Exception {
        Path joined = rungDir.resolveSibling(rungDir.getFileName() + "-joined.mp4.tmp");
        try (OutputStream out = Files.newOutputStream(joined)) {
            out.write(Files.readAllBytes(rungDir.resolve("init.mp4")));
            for (String line : Files.readAllLines(rungDir.resolve("playlist.m3u8"))) {
                if (line.endsWith(".m4s")) {
                    out.write(Files.readAllBytes(rungDir.resolve(line)));
                }
            }
        }
        try {
            ProcessRunner.Result r = FfmpegTools.locate().ffmpeg(List.of("-nostdin", "-v", "error",
                    "-decryption_key", keyHex, "-f", "mp4", "-i", joined.toString(), "-f", "framemd5", "-"),
                    Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stderr().isBlank(), r.stderr());
            return (int) r.stdout().lines().filter(l -> !l.startsWith("#")).count();
        } finally {
            Files.delete(joined);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
