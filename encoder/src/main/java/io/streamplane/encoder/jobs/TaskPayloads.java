package io.streamplane.encoder.jobs;

import io.streamplane.encoder.ingest.SourceInfo;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.pipeline.TitleStages;
import io.streamplane.encoder.shots.ChunkPlan;
import java.util.List;

/**
 * What a task is given and what it returns, as JSON between coordinator and worker. Paths are relative: "work" paths
 * to the worker's {@code --work} folder, "origin" paths to its {@code --origin} folder, so workers on other machines
 * mount the shared storage wherever they like. Keys never appear here (they travel in the assignment only).
 */
public final class TaskPayloads {

    private TaskPayloads() {
    }

    /** {@code source} is the submitted absolute path; {@code jobDir} the job's work folder. */
    public record Ingest(String source, String jobDir, double minChunkSeconds, double maxChunkSeconds,
                         double segmentSeconds) {
    }

    /** {@code sourceFile}: the job's immutable copy of the source (work path). */
    public record IngestResult(SourceInfo source, ChunkPlan plan, String sourceFile) {
    }

    public record Candidate(String sourceFile, ChunkPlan plan, int chunk, int height, List<Integer> crfs,
                            String dir) {
    }

    public record CandidateResult(List<RatePoint> points) {
    }

    /** A classic fixed-ladder rung: the whole title at {@code kbps} (constrained VBR) and {@code height}. */
    public record Fixed(String sourceFile, ChunkPlan plan, int kbps, int height, String dir) {
    }

    public record FixedResult(RatePoint point) {
    }

    /** {@code parts} (work paths) are the chosen chunk encodes in order; {@code stagingDir} an origin path. */
    public record Rung(String folder, List<String> parts, String renditionFile, ChunkPlan plan, String stagingDir) {
    }

    public record RungResult(TitleStages.PackagedRung rung) {
    }

    /**
     * A VP9 / AV1 rendition of rung {@code folder}'s height at {@code kbps} ({@code codec} is a wire name), encoded
     * from the job's source copy into {@code renditionFile} (work path) and packaged into {@code stagingDir}.
     */
    public record CodecRung(String sourceFile, ChunkPlan plan, String codec, int height, int kbps, String folder,
                            String renditionFile, String stagingDir) {
    }

    public record Audio(String sourceFile, double segmentSeconds, String stagingDir) {
    }

    public record AudioResult(TitleStages.PackagedAudio audio) {
    }

    /**
     * Manifests over the packaged rungs (in ladder order, {@code choices} per rung) and the VP9 / AV1 renditions
     * ({@code codecRungs}, may be null in jobs stored before they existed), the report, then the swap of
     * {@code stagingDir} into {@code titleDir} (both origin paths) and removal of the job's scratch encodes.
     */
    public record Publish(String titleId, String jobDir, String stagingDir, String titleDir, double fps,
                          List<TitleStages.PackagedRung> rungs, TitleStages.PackagedAudio audio, List<Shot> shots,
                          List<List<RatePoint>> choices, List<RatePoint> fixed,
                          List<TitleStages.PackagedRung> codecRungs) {
    }

    /** A file of the published title: path relative to the title folder, asset kind, size and SHA-256. */
    public record PublishedFile(String path, String kind, long sizeBytes, String sha256, String codec, int width,
                                int height, long bitrateBps, double vmaf) {
    }

    public record PublishResult(List<PublishedFile> files) {
    }
}
