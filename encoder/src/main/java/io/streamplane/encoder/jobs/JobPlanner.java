package io.streamplane.encoder.jobs;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ladder.FixedLadder;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.pipeline.TitleStages;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides a job's next tasks from the tasks it has: nothing else. Because the answer depends only on stored task
 * states and results (and task ids are deterministic), a restarted coordinator that asks again creates exactly the
 * tasks that are missing.
 */
public final class JobPlanner {

    /** A task as the planner sees it; {@code result} is the JSON a worker returned, null until DONE. */
    public record TaskView(TaskKind kind, String state, String result) {
    }

    public record NewTask(String id, TaskKind kind, String payload) {
    }

    /**
     * The job's stage, the tasks to add, whether every task is done and the title awaits announcing, or a failure
     * (code and message) the job must end with.
     */
    public record Step(String stage, List<NewTask> create, boolean published, String failureCode,
                       String failureMessage) {

        static Step stage(String stage, List<NewTask> create) {
            return new Step(stage, create, false, null, null);
        }
    }

    public static final String DONE = "DONE";

    private JobPlanner() {
    }

    public static String jobDir(String jobId) {
        return "jobs/" + jobId;
    }

    public static String stagingDir(String jobId) {
        return ".staging/" + jobId;
    }

    public static Step next(String jobId, String titleId, String source, JobSettings settings,
                            Map<String, TaskView> tasks) {
        String jobDir = jobDir(jobId);
        TaskView ingest = tasks.get("ingest");
        if (ingest == null) {
            return Step.stage("ingest", List.of(new NewTask("ingest", TaskKind.INGEST, TaskJson.write(
                    new TaskPayloads.Ingest(source, jobDir, settings.minChunkSeconds(), settings.maxChunkSeconds(),
                            settings.segmentSeconds())))));
        }
        if (!DONE.equals(ingest.state())) {
            return Step.stage("ingest", List.of());
        }
        TaskPayloads.IngestResult analysis = TaskJson.read(ingest.result(), TaskPayloads.IngestResult.class);
        ChunkPlan plan = analysis.plan();
        List<Integer> heights = settings.heights().stream().filter(h -> h <= analysis.source().height()).toList();
        if (heights.isEmpty()) {
            return new Step("analyse", List.of(), false, "NO_RENDITION_FITS", "no candidate height of "
                    + settings.heights() + " fits the " + analysis.source().height() + "-line source");
        }
        List<NewTask> candidates = new ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            for (int height : heights) {
                String id = candidateId(chunk.index(), height);
                if (!tasks.containsKey(id)) {
                    candidates.add(new NewTask(id, TaskKind.CANDIDATE, TaskJson.write(new TaskPayloads.Candidate(
                            analysis.sourceFile(), plan, chunk.index(), height, settings.crfs(),
                            jobDir + "/cand"))));
                }
            }
        }
        List<String> fixedIds = new ArrayList<>();
        for (FixedLadder.Rung rung : FixedLadder.CLASSIC) {
            if (rung.height() <= analysis.source().height()) {
                String id = fixedId(rung.kbps());
                fixedIds.add(id);
                if (!tasks.containsKey(id)) {
                    candidates.add(new NewTask(id, TaskKind.FIXED, TaskJson.write(new TaskPayloads.Fixed(
                            analysis.sourceFile(), plan, rung.kbps(), rung.height(), jobDir + "/fixed"))));
                }
            }
        }
        if (!candidates.isEmpty()) {
            return Step.stage("analyse", candidates);
        }
        List<Shot> shots = new ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            List<RatePoint> points = new ArrayList<>();
            for (int height : heights) {
                TaskView candidate = tasks.get(candidateId(chunk.index(), height));
                if (!DONE.equals(candidate.state())) {
                    return Step.stage("analyse", List.of());
                }
                points.addAll(TaskJson.read(candidate.result(), TaskPayloads.CandidateResult.class).points());
            }
            shots.add(new Shot("chunk " + chunk.index(), chunk.frames() / plan.fps(), points));
        }
        List<List<RatePoint>> choices = TitleStages.rungChoices(shots, settings.rungs(), 0);
        String staging = stagingDir(jobId);
        List<NewTask> packaging = new ArrayList<>();
        for (int r = 0; r < choices.size(); r++) {
            String folder = folder(choices.get(r), r);
            List<String> parts = new ArrayList<>();
            for (int c = 0; c < choices.get(r).size(); c++) {
                parts.add(TitleStages.candidateFile(java.nio.file.Path.of(jobDir, "cand"), c,
                        choices.get(r).get(c).label()).toString());
            }
            packaging.add(new NewTask(rungId(r), TaskKind.RUNG, TaskJson.write(new TaskPayloads.Rung(folder, parts,
                    jobDir + "/rungs/" + folder + ".mp4", plan, staging))));
        }
        // VP9 / AV1 renditions of each rung: one task per rung and codec, at a share of the H.264 rung's bitrate.
        List<String> codecRungIds = new ArrayList<>();
        for (VideoCodec codec : VideoCodec.parse(settings.codecs())) {
            if (codec == VideoCodec.H264) {
                continue;
            }
            for (int r = 0; r < choices.size(); r++) {
                int height = choices.get(r).get(0).height();
                String folder = codec.folder(height, r);
                int kbps = codec.kbpsFor(TitleStages.allocation(choices.get(r), shots).kbps());
                codecRungIds.add(codecRungId(r, codec));
                packaging.add(new NewTask(codecRungId(r, codec), TaskKind.CODEC_RUNG, TaskJson.write(
                        new TaskPayloads.CodecRung(analysis.sourceFile(), plan, codec.wireName(), height, kbps,
                                folder, jobDir + "/rungs/" + folder + ".mp4", staging))));
            }
        }
        if (analysis.source().hasAudio()) {
            packaging.add(new NewTask("audio", TaskKind.AUDIO, TaskJson.write(new TaskPayloads.Audio(
                    analysis.sourceFile(), settings.segmentSeconds(), staging))));
        }
        List<NewTask> missing = packaging.stream().filter(t -> !tasks.containsKey(t.id())).toList();
        if (!missing.isEmpty()) {
            return Step.stage("package", missing);
        }
        if (packaging.stream().anyMatch(t -> !DONE.equals(tasks.get(t.id()).state()))
                || fixedIds.stream().anyMatch(id -> !DONE.equals(tasks.get(id).state()))) {
            return Step.stage("package", List.of());
        }
        TaskView publish = tasks.get("publish");
        if (publish == null) {
            List<TitleStages.PackagedRung> rungs = new ArrayList<>();
            for (int r = 0; r < choices.size(); r++) {
                rungs.add(TaskJson.read(tasks.get(rungId(r)).result(), TaskPayloads.RungResult.class).rung());
            }
            TitleStages.PackagedAudio audio = analysis.source().hasAudio()
                    ? TaskJson.read(tasks.get("audio").result(), TaskPayloads.AudioResult.class).audio() : null;
            List<RatePoint> fixed = fixedIds.stream().map(id -> TaskJson.read(tasks.get(id).result(),
                    TaskPayloads.FixedResult.class).point()).toList();
            List<TitleStages.PackagedRung> codecRungs = codecRungIds.stream().map(id -> TaskJson.read(
                    tasks.get(id).result(), TaskPayloads.RungResult.class).rung()).toList();
            return Step.stage("publish", List.of(new NewTask("publish", TaskKind.PUBLISH, TaskJson.write(
                    new TaskPayloads.Publish(titleId, jobDir, staging, titleId, plan.fps(), rungs, audio, shots,
                            choices, fixed, codecRungs)))));
        }
        if (!DONE.equals(publish.state())) {
            return Step.stage("publish", List.of());
        }
        return new Step("notify", List.of(), true, null, null);
    }

    public static String candidateId(int chunk, int height) {
        return String.format(java.util.Locale.ROOT, "cand-c%04d-h%04d", chunk, height);
    }

    public static String fixedId(int kbps) {
        return String.format(java.util.Locale.ROOT, "fixed-%05dk", kbps);
    }

    public static String rungId(int rung) {
        return String.format(java.util.Locale.ROOT, "rung-%02d", rung);
    }

    /** A VP9 / AV1 rendition of a rung, e.g. rung-01-av1. */
    public static String codecRungId(int rung, VideoCodec codec) {
        return rungId(rung) + "-" + codec.wireName();
    }

    /** Rung folders are named by height and position, e.g. v360_1. */
    private static String folder(List<RatePoint> choices, int rung) {
        return "v" + choices.get(0).height() + "_" + rung;
    }
}
