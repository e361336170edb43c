package io.streamplane.encoder.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.ingest.SourceInfo;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.manifest.DashManifest;
import io.streamplane.encoder.manifest.HlsPlaylists;
import io.streamplane.encoder.pipeline.TitleStages;
import io.streamplane.encoder.shots.ChunkPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The task graph of a job, step by step, from stored task states only. */
class JobPlannerTest {

    private static final JobSettings SETTINGS = new JobSettings(List.of(144, 360, 720), List.of(22, 34), 3, 1, 2, 1,
            true, null);
    // 4 s at 24 fps with a cut at 2 s: chunks of at most 2 s.
    private static final ChunkPlan PLAN = ChunkPlan.of(96, 24, List.of(48), 1, 2, 1);
    private static final SourceInfo SOURCE = new SourceInfo("mov,mp4", 1000, "ab", 4, "h264", 640, 360, "yuv420p", 24,
            "aac", 2, 48000);

    private final Map<String, JobPlanner.TaskView> tasks = new LinkedHashMap<>();

    private JobSettings settings = SETTINGS;

    private JobPlanner.Step next() {
        return JobPlanner.next("j1", "title-1", "/media/master.mp4", settings, tasks);
    }

    private void add(JobPlanner.Step step, String state) {
        step.create().forEach(t -> tasks.put(t.id(), new JobPlanner.TaskView(t.kind(), state, null)));
    }

    private void done(String id, Object result) {
        tasks.put(id, new JobPlanner.TaskView(tasks.get(id).kind(), "DONE", TaskJson.write(result)));
    }

    @Test
    void walksFromIngestThroughCandidatesAndRungsToPublish() {
        JobPlanner.Step first = next();
        assertEquals("ingest", first.stage());
        assertEquals(List.of("ingest"), first.create().stream().map(JobPlanner.NewTask::id).toList());
        TaskPayloads.Ingest ingest = TaskJson.read(first.create().get(0).payload(), TaskPayloads.Ingest.class);
        assertEquals("/media/master.mp4", ingest.source());
        assertEquals("jobs/j1", ingest.jobDir());
        add(first, "RUNNING");
        assertTrue(next().create().isEmpty(), "nothing new while ingest runs");

        done("ingest", new TaskPayloads.IngestResult(SOURCE, PLAN, "jobs/j1/source.mp4"));
        JobPlanner.Step candidates = next();
        assertEquals("analyse", candidates.stage());
        // 720 exceeds the 360-line source: 2 chunks x {144, 360}; the classic fixed ladder up to 360 lines: 240p, 288p.
        assertEquals(List.of("cand-c0000-h0144", "cand-c0000-h0360", "cand-c0001-h0144", "cand-c0001-h0360",
                "fixed-00235k", "fixed-00375k"), candidates.create().stream().map(JobPlanner.NewTask::id).toList());
        assertEquals(candidates, next(), "asking again before the tasks are stored gives the same tasks");
        add(candidates, "PENDING");
        assertTrue(next().create().isEmpty());

        for (JobPlanner.NewTask t : candidates.create()) {
            if (t.kind() == TaskKind.FIXED) {
                continue;  // the ladder does not wait for the baseline
            }
            TaskPayloads.Candidate c = TaskJson.read(t.payload(), TaskPayloads.Candidate.class);
            List<RatePoint> points = new ArrayList<>();
            for (int crf : c.crfs()) {
                double kbps = (c.height() == 360 ? 400 : 100) * (crf == 22 ? 2 : 1) * (c.chunk() + 1);
                double vmaf = (c.height() == 360 ? 80 : 50) + (crf == 22 ? 10 : 0);
                points.add(new RatePoint(c.height() + "p crf" + crf, c.height(), kbps, vmaf));
            }
            done(t.id(), new TaskPayloads.CandidateResult(points));
        }
        JobPlanner.Step packaging = next();
        assertEquals("package", packaging.stage());
        List<String> ids = packaging.create().stream().map(JobPlanner.NewTask::id).toList();
        assertTrue(ids.contains("audio"), ids.toString());
        assertTrue(ids.contains("rung-00") && ids.contains("rung-01"), ids.toString());
        TaskPayloads.Rung rung0 = TaskJson.read(packaging.create().get(0).payload(), TaskPayloads.Rung.class);
        assertEquals(".staging/j1", rung0.stagingDir());
        assertEquals(2, rung0.parts().size(), "one chosen encode per chunk");
        assertTrue(rung0.parts().get(0).startsWith("jobs/j1/cand/c0_"), rung0.parts().toString());
        add(packaging, "PENDING");
        assertTrue(next().create().isEmpty());

        for (JobPlanner.NewTask t : packaging.create()) {
            if (t.kind() == TaskKind.AUDIO) {
                done(t.id(), new TaskPayloads.AudioResult(new TitleStages.PackagedAudio(
                        new HlsPlaylists.Audio("audio/playlist.m3u8", 130000, "mp4a.40.2", 2),
                        new DashManifest.AudioRepresentation("audio", "audio/", 130000, "mp4a.40.2", 48000, 2,
                                List.of(48128L, 48128L)))));
            } else {
                TaskPayloads.Rung r = TaskJson.read(t.payload(), TaskPayloads.Rung.class);
                done(t.id(), new TaskPayloads.RungResult(new TitleStages.PackagedRung(
                        new HlsPlaylists.Variant(r.folder() + "/playlist.m3u8", 900, 800, 640, 360, "avc1.64001e", 24,
                                "init.mp4", List.of(new HlsPlaylists.Segment("seg_00000.m4s", 2))),
                        new DashManifest.Representation(r.folder(), r.folder() + "/", 900, 640, 360, "avc1.64001e",
                                List.of(48, 48)))));
            }
        }
        assertEquals(List.of(), p(packaging, TaskKind.CODEC_RUNG), "H.264 only by default");
        assertTrue(next().create().isEmpty(), "publish waits for the fixed-ladder baseline");
        done("fixed-00235k", new TaskPayloads.FixedResult(new RatePoint("235k 240p", 240, 240, 60)));
        done("fixed-00375k", new TaskPayloads.FixedResult(new RatePoint("375k 288p", 288, 380, 70)));
        JobPlanner.Step publish = next();
        assertEquals("publish", publish.stage());
        TaskPayloads.Publish p = TaskJson.read(publish.create().get(0).payload(), TaskPayloads.Publish.class);
        assertEquals("title-1", p.titleDir());
        assertEquals(packaging.create().size() - 1, p.rungs().size());
        assertEquals(2, p.shots().size());
        assertTrue(p.audio() != null);
        assertEquals(List.of("235k 240p", "375k 288p"), p.fixed().stream().map(RatePoint::label).toList());
        add(publish, "RUNNING");
        assertFalse(next().published());
        done("publish", new TaskPayloads.PublishResult(List.of()));
        JobPlanner.Step end = next();
        assertTrue(end.published());
        assertEquals("notify", end.stage());
        assertNull(end.failureCode());
    }

    private static List<String> p(JobPlanner.Step step, TaskKind kind) {
        return step.create().stream().filter(t -> t.kind() == kind).map(JobPlanner.NewTask::id).toList();
    }

    @Test
    void extraCodecsAddOneTaskPerRungAndCodecAndPublishListsThem() {
        settings = JobSettings.of(List.of(144, 360), List.of(22, 34), 2, 1, 2, 1, false, List.of("av1", "h264",
                "vp9", "av1"));
        assertEquals(List.of("h264", "av1", "vp9"), settings.codecs());
        add(next(), "PENDING");
        done("ingest", new TaskPayloads.IngestResult(SOURCE, PLAN, "jobs/j1/source.mp4"));
        JobPlanner.Step candidates = next();
        add(candidates, "PENDING");
        for (JobPlanner.NewTask t : candidates.create()) {
            if (t.kind() == TaskKind.FIXED) {
                done(t.id(), new TaskPayloads.FixedResult(new RatePoint("fixed", 240, 240, 60)));
                continue;
            }
            TaskPayloads.Candidate c = TaskJson.read(t.payload(), TaskPayloads.Candidate.class);
            List<RatePoint> points = new ArrayList<>();
            for (int crf : c.crfs()) {
                points.add(new RatePoint(c.height() + "p crf" + crf, c.height(),
                        (c.height() == 360 ? 400 : 100) * (crf == 22 ? 2 : 1), (c.height() == 360 ? 80 : 50)
                        + (crf == 22 ? 10 : 0)));
            }
            done(t.id(), new TaskPayloads.CandidateResult(points));
        }
        JobPlanner.Step packaging = next();
        List<String> rungs = p(packaging, TaskKind.RUNG);
        assertEquals(2, rungs.size(), packaging.create().toString());
        assertEquals(List.of("rung-00-av1", "rung-01-av1", "rung-00-vp9", "rung-01-vp9"),
                p(packaging, TaskKind.CODEC_RUNG));
        TaskPayloads.CodecRung av1 = TaskJson.read(packaging.create().stream().filter(t -> t.id().equals(
                "rung-01-av1")).findFirst().orElseThrow().payload(), TaskPayloads.CodecRung.class);
        TaskPayloads.Rung h264 = TaskJson.read(packaging.create().get(1).payload(), TaskPayloads.Rung.class);
        assertEquals("av1", av1.codec());
        assertEquals("jobs/j1/source.mp4", av1.sourceFile());
        assertEquals(h264.folder().replace("v", "av1_"), av1.folder());
        assertEquals("jobs/j1/rungs/" + av1.folder() + ".mp4", av1.renditionFile());
        assertEquals(PLAN, av1.plan(), "the same keyframes as the H.264 rungs");
        assertTrue(av1.kbps() > 0, "a share of the H.264 rung's bitrate");
        add(packaging, "PENDING");
        for (JobPlanner.NewTask t : packaging.create()) {
            String folder = t.kind() == TaskKind.RUNG ? TaskJson.read(t.payload(), TaskPayloads.Rung.class).folder()
                    : t.kind() == TaskKind.CODEC_RUNG ? TaskJson.read(t.payload(), TaskPayloads.CodecRung.class)
                    .folder() : null;
            if (folder == null) {
                done(t.id(), new TaskPayloads.AudioResult(new TitleStages.PackagedAudio(
                        new HlsPlaylists.Audio("audio/playlist.m3u8", 130000, "mp4a.40.2", 2),
                        new DashManifest.AudioRepresentation("audio", "audio/", 130000, "mp4a.40.2", 48000, 2,
                                List.of(48128L, 48128L)))));
                continue;
            }
            if (t.id().equals("rung-01-vp9")) {
                continue; // still running
            }
            done(t.id(), new TaskPayloads.RungResult(new TitleStages.PackagedRung(
                    new HlsPlaylists.Variant(folder + "/playlist.m3u8", 900, 800, 640, 360, "x", 24, "init.mp4",
                            List.of(new HlsPlaylists.Segment("seg_00000.m4s", 2))),
                    new DashManifest.Representation(folder, folder + "/", 900, 640, 360, "x", List.of(48, 48)))));
        }
        assertTrue(next().create().isEmpty(), "publish waits for every codec's rungs");
        done("rung-01-vp9", new TaskPayloads.RungResult(new TitleStages.PackagedRung(
                new HlsPlaylists.Variant("vp9_360_1/playlist.m3u8", 900, 800, 640, 360, "vp09.00.21.08", 24,
                        "init.mp4", List.of(new HlsPlaylists.Segment("seg_00000.m4s", 2))),
                new DashManifest.Representation("vp9_360_1", "vp9_360_1/", 900, 640, 360, "vp09.00.21.08",
                        List.of(48, 48)))));
        TaskPayloads.Publish publish = TaskJson.read(next().create().get(0).payload(), TaskPayloads.Publish.class);
        assertEquals(2, publish.rungs().size());
        assertEquals(4, publish.codecRungs().size());
        assertEquals("vp09.00.21.08", publish.codecRungs().get(3).variant().codecs());
    }

    @Test
    void unknownCodecsAreRefusedAndOldJobsAreH264Only() {
        assertThrowsIllegal(() -> JobSettings.of(List.of(), List.of(), 0, 0, 0, 0, false, List.of("hevc")));
        JobSettings stored = TaskJson.read("{\"heights\":[240],\"crfs\":[30],\"rungs\":2,\"minChunkSeconds\":2,"
                + "\"maxChunkSeconds\":6,\"segmentSeconds\":2,\"encrypt\":true}", JobSettings.class);
        assertEquals(List.of("h264"), stored.codecs());
    }

    @Test
    void aSourceSmallerThanEveryHeightFailsTheJob() {
        add(next(), "PENDING");
        done("ingest", new TaskPayloads.IngestResult(new SourceInfo("mov,mp4", 1, "ab", 4, "h264", 160, 90,
                "yuv420p", 24, null, 0, 0), PLAN, "jobs/j1/source.mp4"));
        JobPlanner.Step step = next();
        assertEquals("NO_RENDITION_FITS", step.failureCode());
        assertTrue(step.failureMessage().contains("90-line"), step.failureMessage());
    }

    @Test
    void settingsAreValidated() {
        assertEquals(JobSettings.DEFAULT_HEIGHTS, JobSettings.of(List.of(), List.of(), 0, 0, 0, 0, false, List.of())
                .heights());
        assertFalse(JobSettings.of(List.of(), List.of(), 0, 0, 0, 0, true, List.of()).encrypt());
        assertThrowsIllegal(() -> JobSettings.of(List.of(361), List.of(), 0, 0, 0, 0, false, List.of()));
        assertThrowsIllegal(() -> JobSettings.of(List.of(), List.of(60), 0, 0, 0, 0, false, List.of()));
        assertThrowsIllegal(() -> JobSettings.of(List.of(), List.of(), 0, 2, 3, 0, false, List.of()));
    }

    private static void assertThrowsIllegal(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }
}
