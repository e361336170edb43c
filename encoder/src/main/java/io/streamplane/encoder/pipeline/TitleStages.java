package io.streamplane.encoder.pipeline;

import io.streamplane.encoder.encode.ChunkEncoder;
import io.streamplane.encoder.encode.CodecRungEncoder;
import io.streamplane.encoder.encode.RenditionSettings;
import io.streamplane.encoder.encode.VideoCodec;
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
import io.streamplane.encoder.manifest.CodecStrings;
import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.encoder.manifest.DashManifest;
import io.streamplane.encoder.manifest.HlsPlaylists;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import io.streamplane.encoder.shots.SceneCutDetector;
import io.streamplane.encoder.vmaf.DecodedVideoReader;
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

/**
 * The stages of a title, each usable on its own: {@link TitlePipeline} runs them in sequence in one process, the farm
 * runs them as separate tasks on workers. Every stage writes its outputs under a temporary name first and renames
 * them into place, so running it again after a crash gives the same files.
 */
public final class TitleStages {

    /** What ingest and shot detection learned: the source and its chunk plan. */
    public record Analysis(SourceInfo source, ChunkPlan plan) {
    }

    /** A packaged video rung: its HLS variant and DASH representation. */
    public record PackagedRung(HlsPlaylists.Variant variant, DashManifest.Representation representation) {
    }

    /** A packaged audio track for both manifests. */
    public record PackagedAudio(HlsPlaylists.Audio hls, DashManifest.AudioRepresentation dash) {
    }

    public static final int AUDIO_KBPS = 128;

    private TitleStages() {
    }

    /** Ingest checks (rejecting bad sources with an {@code IngestException}), shot detection and the chunk plan. */
    public static Analysis analyse(FfmpegTools tools, Path source, double minChunkSeconds, double maxChunkSeconds,
                                   double segmentSeconds) {
        SourceInfo info = new SourceProbe(tools).inspect(source);
        double fps = info.frameRate();
        int totalFrames = (int) Math.round(info.durationSeconds() * fps);
        List<Integer> cuts = SceneCutDetector.cutFrames(tools, source, fps, SceneCutDetector.DEFAULT_THRESHOLD,
                Duration.ofSeconds(120 + (long) (4 * info.durationSeconds())));
        ChunkPlan plan = ChunkPlan.of(totalFrames, fps, cuts, minChunkSeconds, maxChunkSeconds, segmentSeconds);
        return new Analysis(info, plan);
    }

    /** Where the candidate encode of a chunk with a rendition label ("360p crf28") lives in a scratch folder. */
    public static Path candidateFile(Path dir, int chunkIndex, String label) {
        return dir.resolve("c" + chunkIndex + "_" + label.replace(' ', '_') + ".mp4");
    }

    /** Encodes one chunk at one height and each CRF, scores every encode with VMAF against the source. */
    public static List<RatePoint> candidates(FfmpegTools tools, VmafScorer scorer, Path source, ChunkPlan plan,
                                             Chunk chunk, int height, List<Integer> crfs, Path dir)
            throws IOException {
        ChunkEncoder encoder = new ChunkEncoder(tools);
        Files.createDirectories(dir);
        List<RatePoint> points = new ArrayList<>();
        double seconds = chunk.frames() / plan.fps();
        for (int crf : crfs) {
            RenditionSettings rendition = RenditionSettings.crf(height, crf);
            Path file = candidateFile(dir, chunk.index(), rendition.label());
            Path partial = file.resolveSibling(file.getFileName() + ".part.mp4");
            encoder.encode(source, plan, chunk, rendition, partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            double vmaf;
            try (DecodedVideoReader ref = new DecodedVideoReader(tools, source, chunk.startFrame() / plan.fps(),
                    chunk.frames());
                 DecodedVideoReader dis = new DecodedVideoReader(tools, file)) {
                vmaf = scorer.score(ref, dis).vmafMean();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new MediaToolException("TOOL_INTERRUPTED", "candidate encodes were stopped");
            }
            points.add(new RatePoint(rendition.label(), height, Files.size(file) * 8 / seconds / 1000, vmaf));
        }
        return points;
    }

    /** The whole title at a classic fixed-ladder rung (constrained VBR), scored with VMAF: the report's baseline. */
    public static RatePoint fixedRung(FfmpegTools tools, VmafScorer scorer, Path source, ChunkPlan plan, int kbps,
                                      int height, Path dir) throws IOException {
        Files.createDirectories(dir);
        Chunk whole = new Chunk(0, 0, plan.totalFrames());
        RenditionSettings rendition = RenditionSettings.bitrate(height, kbps);
        Path file = dir.resolve("fixed_" + kbps + "k_" + height + "p.mp4");
        Path partial = file.resolveSibling(file.getFileName() + ".part.mp4");
        new ChunkEncoder(tools).encode(source, plan, whole, rendition, partial);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        double vmaf;
        try (DecodedVideoReader ref = new DecodedVideoReader(tools, source, 0, plan.totalFrames());
             DecodedVideoReader dis = new DecodedVideoReader(tools, file)) {
            vmaf = scorer.score(ref, dis).vmafMean();
        }
        return new RatePoint(kbps + "k " + height + "p", height,
                Files.size(file) * 8 / (plan.totalFrames() / plan.fps()) / 1000, vmaf);
    }

    /**
     * The ladder over the chunks' candidates: each rung keeps the height that carries most of the title at its
     * common slope, and per chunk the candidate of that height best at the slope. Rungs that end up identical are
     * merged. Returns the chosen candidate per chunk, per rung.
     */
    public static List<List<RatePoint>> rungChoices(List<Shot> shots, int rungs, double minSlope) {
        List<Allocation> ladder = new ShotOptimizer(shots).ladder(rungs, minSlope);
        Map<String, List<RatePoint>> rungChoices = new LinkedHashMap<>();
        for (Allocation a : ladder) {
            int height = dominantHeight(a, shots);
            List<RatePoint> choices = new ArrayList<>();
            for (Shot shot : shots) {
                choices.add(bestAtHeight(shot, height, a.slope()));
            }
            rungChoices.putIfAbsent(height + ":" + choices.stream().map(RatePoint::label).toList(), choices);
        }
        return List.copyOf(rungChoices.values());
    }

    /** Duration-weighted bitrate and quality of a rung's choices. */
    public static Allocation allocation(List<RatePoint> choices, List<Shot> shots) {
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

    /**
     * Joins a rung's chunk encodes into one rendition ({@code renditionFile}, scratch), cuts it into CMAF segments
     * (encrypted with the key when there is one) under {@code titleDir/folder} and writes its media playlist.
     */
    public static PackagedRung packageRung(FfmpegTools tools, List<Path> parts, Path renditionFile, ChunkPlan plan,
                                           Path titleDir, String folder, ContentKey key) throws IOException {
        Path partial = renditionFile.resolveSibling(renditionFile.getFileName() + ".part.mp4");
        new ChunkEncoder(tools).concat(parts, partial);
        Files.move(partial, renditionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, String> stream = probe(tools, renditionFile);
        String codecs = HlsPlaylists.avcCodecs(stream.get("profile"), Integer.parseInt(stream.get("level")));
        return segmentRendition(tools, renditionFile, stream, plan, titleDir, folder, key, dir -> codecs);
    }

    /**
     * A VP9 or AV1 rendition of a ladder rung: the whole title encoded at the rung's height and {@code kbps} with the
     * plan's keyframes ({@code renditionFile}, scratch), then segmented and encrypted like the H.264 rungs under
     * {@code titleDir/folder}, so its segments have the same boundaries.
     */
    public static PackagedRung packageCodecRung(FfmpegTools tools, Path source, ChunkPlan plan, VideoCodec codec,
                                                int height, int kbps, Path renditionFile, Path titleDir,
                                                String folder, ContentKey key) throws IOException {
        Path partial = renditionFile.resolveSibling(renditionFile.getFileName() + ".part.mp4");
        new CodecRungEncoder(tools).encode(source, plan, codec, height, kbps, partial);
        Files.move(partial, renditionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // VP9 and AV1 levels are in the init segment's vpcC / av1C box, which the muxer writes.
        return segmentRendition(tools, renditionFile, probe(tools, renditionFile), plan, titleDir, folder, key,
                dir -> CodecStrings.fromInit(dir.resolve("init.mp4")));
    }

    private interface CodecsOf {
        String codecs(Path rungDir) throws IOException;
    }

    private static PackagedRung segmentRendition(FfmpegTools tools, Path renditionFile, Map<String, String> stream,
                                                 ChunkPlan plan, Path titleDir, String folder, ContentKey key,
                                                 CodecsOf codecsOf) throws IOException {
        int width = Integer.parseInt(stream.get("width"));
        int height = Integer.parseInt(stream.get("height"));
        Path dir = titleDir.resolve(folder);
        deleteTree(dir);
        List<HlsPlaylists.Segment> segments = new CmafSegmenter(tools).segment(renditionFile, plan, dir, key);
        String codecs = codecsOf.codecs(dir);
        double fps = plan.fps();
        long average = Math.round(Files.size(renditionFile) * 8 / (plan.totalFrames() / fps));
        long peak = average;
        for (HlsPlaylists.Segment s : segments) {
            peak = Math.max(peak, Math.round(Files.size(dir.resolve(s.uri())) * 8 / s.seconds()));
        }
        HlsPlaylists.Variant variant = new HlsPlaylists.Variant(folder + "/playlist.m3u8", peak, average, width,
                height, codecs, fps, "init.mp4", segments);
        Files.writeString(dir.resolve("playlist.m3u8"), HlsPlaylists.media(variant, key));
        return new PackagedRung(variant, new DashManifest.Representation(folder, folder + "/", peak, width, height,
                codecs, plan.segmentFrames()));
    }

    /** AAC-LC stereo of the source in CMAF segments under {@code titleDir/audio}, with its media playlist. */
    public static PackagedAudio packageAudio(FfmpegTools tools, Path source, double segmentSeconds, Path titleDir,
                                             ContentKey key) throws IOException {
        Path dir = titleDir.resolve("audio");
        deleteTree(dir);
        AudioSegmenter.AudioTrack track = new AudioSegmenter(tools).segment(source, segmentSeconds, AUDIO_KBPS, dir,
                key);
        HlsPlaylists.Variant playlist = new HlsPlaylists.Variant("audio/playlist.m3u8", track.bandwidth(),
                track.bandwidth(), 0, 0, AudioSegmenter.CODECS, 0, "init.mp4", track.segments());
        Files.writeString(dir.resolve("playlist.m3u8"), HlsPlaylists.media(playlist, key));
        return new PackagedAudio(new HlsPlaylists.Audio("audio/playlist.m3u8", track.bandwidth(),
                AudioSegmenter.CODECS, AudioSegmenter.CHANNELS),
                new DashManifest.AudioRepresentation("audio", "audio/", track.bandwidth(), AudioSegmenter.CODECS,
                        AudioSegmenter.SAMPLE_RATE, AudioSegmenter.CHANNELS, track.segmentSamples()));
    }

    /**
     * The HLS master playlist and the DASH MPD over the packaged rungs of every codec (and audio, may be null). The
     * MPD has one AdaptationSet per codec; the HLS master lists H.264 and AV1 variants but not VP9, which the HLS
     * authoring rules do not cover in fMP4 (its media playlists are still written, DASH players get it).
     */
    public static void writeManifests(Path titleDir, double fps, List<PackagedRung> rungs, PackagedAudio audio,
                                      ContentKey key) throws IOException {
        List<HlsPlaylists.Variant> variants = rungs.stream().map(PackagedRung::variant)
                .filter(v -> !v.codecs().startsWith("vp09")).toList();
        List<DashManifest.Representation> representations = rungs.stream().map(PackagedRung::representation).toList();
        Files.writeString(titleDir.resolve("master.m3u8"), HlsPlaylists.master(variants,
                audio == null ? null : audio.hls()));
        Files.writeString(titleDir.resolve("manifest.mpd"), DashManifest.mpd(fps, representations,
                audio == null ? null : audio.dash(), key, null));
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
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

    private static Map<String, String> probe(FfmpegTools tools, Path file) {
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
