package io.streamplane.encoder.pipeline;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SourceInfo;
import io.streamplane.encoder.ladder.Allocation;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.encoder.report.TitleReport;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import io.streamplane.encoder.vmaf.VmafModel;
import io.streamplane.encoder.vmaf.VmafScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One title from source master to a packaged ladder, in one process: ingest, shot detection and chunk plan,
 * candidate encodes per chunk scored with VMAF, common-slope ladder, final renditions, CMAF (+ CENC) segments, HLS and
 * DASH manifests (with the AAC audio track when the source has audio) and the report, written to
 * {@code <origin>/<titleId>/}. The farm runs the same stages spread over
 * workers; this is the reference the distributed version must match.
 *
 * <p>A rendition keeps one resolution (players and the MP4 track need it); across chunks it adapts the CRF: each
 * chunk takes the candidate at the rung's resolution that is best at the rung's common slope. The content key is
 * returned to the caller (for the key store), never written to the origin.
 */
public final class TitlePipeline {

    /**
     * Encoding choices: candidate heights and CRFs, ladder size, chunking and segment length, encryption, and the
     * codecs every rung is published in (H.264 always; VP9 / AV1 renditions of each rung when listed).
     */
    public record Settings(List<Integer> heights, List<Integer> crfs, int rungs, double minSlope, double minChunkSeconds,
                           double maxChunkSeconds, double segmentSeconds, boolean encrypt, List<VideoCodec> codecs) {

        public Settings {
            heights = List.copyOf(heights);
            crfs = List.copyOf(crfs);
            codecs = List.copyOf(codecs);
        }
    }

    /** One rung of the published ladder (H.264). */
    public record Rung(int height, int width, double kbps, double vmaf, List<String> perChunk, String folder) {
    }

    /** A VP9 or AV1 rendition of a rung: its folder, codecs string, size and target bitrate. */
    public record CodecRung(VideoCodec codec, String folder, String codecs, int width, int height, int kbps) {
    }

    /** What was published, and the key to store. */
    public record Result(Path titleDir, SourceInfo source, ChunkPlan plan, List<Rung> rungs,
                         List<CodecRung> codecRungs, ContentKey key) {
    }

    private final FfmpegTools tools;
    private final VmafScorer scorer;

    public TitlePipeline(FfmpegTools tools, int threads) {
        this.tools = tools;
        this.scorer = new VmafScorer(VmafModel.v061(), threads);
    }

    /**
     * Builds the title in a hidden staging folder next to its final place and replaces any previous version with it
     * only when every stage has succeeded, so a failed job never leaves a half-written title; scratch encodes are
     * removed either way.
     */
    public Result run(Path source, String titleId, Path origin, Settings settings, Consumer<String> progress)
            throws IOException {
        Path titleDir = origin.resolve(titleId);
        Path work = origin.resolve("." + titleId + ".work");
        Path staging = origin.resolve("." + titleId + ".staging");
        TitleStages.deleteTree(work);
        TitleStages.deleteTree(staging);
        Files.createDirectories(work);
        Files.createDirectories(staging);
        try {
            Result staged = build(source, titleId, staging, work, settings, progress);
            TitleStages.deleteTree(titleDir);
            Files.move(staging, titleDir, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("done");
            return new Result(titleDir, staged.source(), staged.plan(), staged.rungs(), staged.codecRungs(),
                    staged.key());
        } finally {
            TitleStages.deleteTree(work);
            TitleStages.deleteTree(staging);
        }
    }

    private Result build(Path source, String titleId, Path titleDir, Path work, Settings settings,
                         Consumer<String> progress) throws IOException {

        progress.accept("ingest");
        TitleStages.Analysis analysis = TitleStages.analyse(tools, source, settings.minChunkSeconds(),
                settings.maxChunkSeconds(), settings.segmentSeconds());
        progress.accept("shots");
        SourceInfo info = analysis.source();
        ChunkPlan plan = analysis.plan();
        double fps = plan.fps();

        List<Shot> shots = new ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            progress.accept("candidates chunk " + (chunk.index() + 1) + "/" + plan.chunks().size());
            List<RatePoint> candidates = new ArrayList<>();
            for (int height : settings.heights()) {
                if (height <= info.height()) {
                    candidates.addAll(TitleStages.candidates(tools, scorer, source, plan, chunk, height,
                            settings.crfs(), work));
                }
            }
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("no candidate height fits the " + info.height() + "-line source");
            }
            shots.add(new Shot("chunk " + chunk.index(), chunk.frames() / fps, candidates));
        }

        progress.accept("ladder");
        List<List<RatePoint>> rungChoices = TitleStages.rungChoices(shots, settings.rungs(), settings.minSlope());

        ContentKey key = settings.encrypt() ? ContentKey.random() : null;
        List<Rung> rungs = new ArrayList<>();
        List<TitleStages.PackagedRung> packaged = new ArrayList<>();
        List<Allocation> published = new ArrayList<>();
        for (List<RatePoint> choices : rungChoices) {
            String folder = "v" + choices.get(0).height() + "_" + rungs.size();
            progress.accept("package " + folder);
            List<Path> parts = new ArrayList<>();
            for (int c = 0; c < choices.size(); c++) {
                parts.add(TitleStages.candidateFile(work, c, choices.get(c).label()));
            }
            TitleStages.PackagedRung rung = TitleStages.packageRung(tools, parts, work.resolve(folder + ".mp4"), plan,
                    titleDir, folder, key);
            packaged.add(rung);
            Allocation allocation = TitleStages.allocation(choices, shots);
            published.add(allocation);
            rungs.add(new Rung(rung.variant().height(), rung.variant().width(), allocation.kbps(),
                    allocation.quality(), choices.stream().map(RatePoint::label).toList(), folder));
        }
        List<CodecRung> codecRungs = new ArrayList<>();
        for (VideoCodec codec : settings.codecs()) {
            if (codec == VideoCodec.H264) {
                continue;
            }
            for (int r = 0; r < rungs.size(); r++) {
                Rung h264 = rungs.get(r);
                String folder = codec.folder(h264.height(), r);
                progress.accept("package " + folder);
                int kbps = codec.kbpsFor(h264.kbps());
                TitleStages.PackagedRung rung = TitleStages.packageCodecRung(tools, source, plan, codec,
                        h264.height(), kbps, work.resolve(folder + ".mp4"), titleDir, folder, key);
                packaged.add(rung);
                codecRungs.add(new CodecRung(codec, folder, rung.variant().codecs(), rung.variant().width(),
                        rung.variant().height(), kbps));
            }
        }
        TitleStages.PackagedAudio audio = null;
        if (info.hasAudio()) {
            progress.accept("audio");
            audio = TitleStages.packageAudio(tools, source, settings.segmentSeconds(), titleDir, key);
        }
        TitleStages.writeManifests(titleDir, fps, packaged, audio, key);
        new TitleReport(titleId, shots, published, List.of()).writeTo(titleDir);
        return new Result(titleDir, info, plan, rungs, codecRungs, key);
    }
}
