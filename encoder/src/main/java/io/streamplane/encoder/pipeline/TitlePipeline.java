package io.streamplane.encoder.pipeline;

import io.streamplane.encoder.encode.ChunkEncoder;
import io.streamplane.encoder.encode.RenditionSettings;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SourceInfo;
import io.streamplane.encoder.ingest.SourceProbe;
import io.streamplane.encoder.ladder.Allocation;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.ladder.ShotOptimizer;
import io.streamplane.encoder.manifest.AudioSegmenter;
import io.streamplane.encoder.manifest.CmafSegmenter;
import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.encoder.manifest.DashManifest;
import io.streamplane.encoder.manifest.HlsPlaylists;
import io.streamplane.encoder.report.TitleReport;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import io.streamplane.encoder.shots.SceneCutDetector;
import io.streamplane.encoder.vmaf.DecodedVideoReader;
import io.streamplane.encoder.vmaf.VmafModel;
import io.streamplane.encoder.vmaf.VmafScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Encoding choices: candidate heights and CRFs, ladder size, chunking and segment length, encryption. */
    public record Settings(List<Integer> heights, List<Integer> crfs, int rungs, double minSlope, double minChunkSeconds,
                           double maxChunkSeconds, double segmentSeconds, boolean encrypt) {

        public Settings {
            heights = List.copyOf(heights);
            crfs = List.copyOf(crfs);
        }
    }

    /** One rung of the published ladder. */
    public record Rung(int height, int width, double kbps, double vmaf, List<String> perChunk, String folder) {
    }

    /** What was published, and the key to store. */
    public record Result(Path titleDir, SourceInfo source, ChunkPlan plan, List<Rung> rungs, ContentKey key) {
    }

    private static final int AUDIO_KBPS = 128;

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
        deleteTree(work);
        deleteTree(staging);
        Files.createDirectories(work);
        Files.createDirectories(staging);
        try {
            Result staged = build(source, titleId, staging, work, settings, progress);
            deleteTree(titleDir);
            Files.move(staging, titleDir, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("done");
            return new Result(titleDir, staged.source(), staged.plan(), staged.rungs(), staged.key());
        } finally {
            deleteTree(work);
            deleteTree(staging);
        }
    }

    private Result build(Path source, String titleId, Path titleDir, Path work, Settings settings,
                         Consumer<String> progress) throws IOException {

        progress.accept("ingest");
        SourceInfo info = new SourceProbe(tools).inspect(source);
        double fps = info.frameRate();
        int totalFrames = (int) Math.round(info.durationSeconds() * fps);

        progress.accept("shots");
        List<Integer> cuts = SceneCutDetector.cutFrames(tools, source, fps, SceneCutDetector.DEFAULT_THRESHOLD,
                Duration.ofSeconds(120 + (long) (4 * info.durationSeconds())));
        ChunkPlan plan = ChunkPlan.of(totalFrames, fps, cuts, settings.minChunkSeconds(), settings.maxChunkSeconds(),
                settings.segmentSeconds());

        ChunkEncoder encoder = new ChunkEncoder(tools);
        List<Shot> shots = new ArrayList<>();
        Map<String, Path> encodes = new HashMap<>();
        for (Chunk chunk : plan.chunks()) {
            progress.accept("candidates chunk " + (chunk.index() + 1) + "/" + plan.chunks().size());
            List<RatePoint> candidates = new ArrayList<>();
            for (int height : settings.heights()) {
                if (height > info.height()) {
                    continue;
                }
                for (int crf : settings.crfs()) {
                    RenditionSettings rendition = RenditionSettings.crf(height, crf);
                    Path file = work.resolve("c" + chunk.index() + "_" + height + "p_crf" + crf + ".mp4");
                    encoder.encode(source, plan, chunk, rendition, file);
                    double seconds = chunk.frames() / fps;
                    RatePoint point = new RatePoint(rendition.label(), height, Files.size(file) * 8 / seconds / 1000,
                            vmaf(source, chunk, fps, file));
                    candidates.add(point);
                    encodes.put(chunk.index() + "/" + point.label(), file);
                }
            }
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("no candidate height fits the " + info.height() + "-line source");
            }
            shots.add(new Shot("chunk " + chunk.index(), chunk.frames() / fps, candidates));
        }

        progress.accept("ladder");
        ShotOptimizer optimizer = new ShotOptimizer(shots);
        List<Allocation> ladder = optimizer.ladder(settings.rungs(), settings.minSlope());
        Map<String, List<RatePoint>> rungChoices = new LinkedHashMap<>();
        for (Allocation a : ladder) {
            int height = dominantHeight(a, shots);
            List<RatePoint> choices = new ArrayList<>();
            for (Shot shot : shots) {
                choices.add(bestAtHeight(shot, height, a.slope()));
            }
            rungChoices.putIfAbsent(height + ":" + choices.stream().map(RatePoint::label).toList(), choices);
        }

        ContentKey key = settings.encrypt() ? ContentKey.random() : null;
        CmafSegmenter segmenter = new CmafSegmenter(tools);
        List<Rung> rungs = new ArrayList<>();
        List<HlsPlaylists.Variant> variants = new ArrayList<>();
        List<DashManifest.Representation> representations = new ArrayList<>();
        List<Allocation> published = new ArrayList<>();
        for (List<RatePoint> choices : rungChoices.values()) {
            int height = choices.get(0).height();
            String folder = "v" + height + "_" + rungs.size();
            progress.accept("package " + folder);
            List<Path> parts = new ArrayList<>();
            for (int c = 0; c < choices.size(); c++) {
                parts.add(encodes.get(c + "/" + choices.get(c).label()));
            }
            Path rendition = work.resolve(folder + ".mp4");
            encoder.concat(parts, rendition);
            Map<String, String> stream = probe(rendition);
            int width = Integer.parseInt(stream.get("width"));
            String codecs = HlsPlaylists.avcCodecs(stream.get("profile"), Integer.parseInt(stream.get("level")));
            Path dir = titleDir.resolve(folder);
            List<HlsPlaylists.Segment> segments = segmenter.segment(rendition, plan, dir, key);
            long average = Math.round(Files.size(rendition) * 8 / (totalFrames / fps));
            long peak = average;
            for (HlsPlaylists.Segment s : segments) {
                peak = Math.max(peak, Math.round(Files.size(dir.resolve(s.uri())) * 8 / s.seconds()));
            }
            HlsPlaylists.Variant variant = new HlsPlaylists.Variant(folder + "/playlist.m3u8", peak, average, width,
                    height, codecs, fps, "init.mp4", segments);
            Files.writeString(dir.resolve("playlist.m3u8"), HlsPlaylists.media(variant, key));
            variants.add(variant);
            representations.add(new DashManifest.Representation(folder, folder + "/", peak, width, height, codecs,
                    plan.segmentFrames()));
            Allocation allocation = allocation(choices, shots);
            published.add(allocation);
            rungs.add(new Rung(height, width, allocation.kbps(), allocation.quality(),
                    choices.stream().map(RatePoint::label).toList(), folder));
        }
        HlsPlaylists.Audio hlsAudio = null;
        DashManifest.AudioRepresentation dashAudio = null;
        if (info.hasAudio()) {
            progress.accept("audio");
            AudioSegmenter.AudioTrack track = new AudioSegmenter(tools).segment(source, settings.segmentSeconds(),
                    AUDIO_KBPS, titleDir.resolve("audio"), key);
            HlsPlaylists.Variant audioPlaylist = new HlsPlaylists.Variant("audio/playlist.m3u8", track.bandwidth(),
                    track.bandwidth(), 0, 0, AudioSegmenter.CODECS, 0, "init.mp4", track.segments());
            Files.writeString(titleDir.resolve("audio/playlist.m3u8"), HlsPlaylists.media(audioPlaylist, key));
            hlsAudio = new HlsPlaylists.Audio("audio/playlist.m3u8", track.bandwidth(), AudioSegmenter.CODECS,
                    AudioSegmenter.CHANNELS);
            dashAudio = new DashManifest.AudioRepresentation("audio", "audio/", track.bandwidth(),
                    AudioSegmenter.CODECS, AudioSegmenter.SAMPLE_RATE, AudioSegmenter.CHANNELS, track.segmentSamples());
        }
        Files.writeString(titleDir.resolve("master.m3u8"), HlsPlaylists.master(variants, hlsAudio));
        Files.writeString(titleDir.resolve("manifest.mpd"), DashManifest.mpd(fps, representations, dashAudio, key,
                null));
        new TitleReport(titleId, shots, published, List.of()).writeTo(titleDir);
        return new Result(titleDir, info, plan, rungs, key);
    }

    private double vmaf(Path source, Chunk chunk, double fps, Path encode) throws IOException {
        try (DecodedVideoReader ref = new DecodedVideoReader(tools, source, chunk.startFrame() / fps, chunk.frames());
             DecodedVideoReader dis = new DecodedVideoReader(tools, encode)) {
            return scorer.score(ref, dis).vmafMean();
        }
    }

    /** The height carrying most of the title's duration in an allocation (ties: the higher one). */
    private static int dominantHeight(Allocation a, List<Shot> shots) {
        Map<Integer, Double> seconds = new HashMap<>();
        for (int s = 0; s < shots.size(); s++) {
            seconds.merge(a.choices().get(s).height(), shots.get(s).seconds(), Double::sum);
        }
        return seconds.entrySet().stream().max((x, y) -> x.getValue().equals(y.getValue())
                ? Integer.compare(x.getKey(), y.getKey()) : Double.compare(x.getValue(), y.getValue()))
                .orElseThrow().getKey();
    }

    /** The candidate of that height maximising quality - slope * kbps (the cheapest one for an infinite slope). */
    private static RatePoint bestAtHeight(Shot shot, int height, double slope) {
        RatePoint best = null;
        for (RatePoint p : shot.candidates()) {
            if (p.height() != height) {
                continue;
            }
            if (best == null || (Double.isInfinite(slope) ? p.kbps() < best.kbps()
                    : p.quality() - slope * p.kbps() > best.quality() - slope * best.kbps())) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException(shot.id() + " has no candidate at " + height + "p");
        }
        return best;
    }

    private static Allocation allocation(List<RatePoint> choices, List<Shot> shots) {
        double bits = 0;
        double quality = 0;
        double seconds = 0;
        for (int s = 0; s < shots.size(); s++) {
            bits += choices.get(s).kbps() * shots.get(s).seconds();
            quality += choices.get(s).quality() * shots.get(s).seconds();
            seconds += shots.get(s).seconds();
        }
        return new Allocation(choices, bits / seconds, quality / seconds, Double.NaN);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Map<String, String> probe(Path file) {
        ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height,profile,level", "-of", "default=nw=1", file.toString()), Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new MediaToolException("PROBE_FAILED", "cannot read " + file + ": " + r.stderr().strip());
        }
        Map<String, String> values = new HashMap<>();
        r.stdout().lines().map(l -> l.split("=", 2)).filter(kv -> kv.length == 2)
                .forEach(kv -> values.put(kv[0], kv[1].strip()));
        return values;
    }
}
