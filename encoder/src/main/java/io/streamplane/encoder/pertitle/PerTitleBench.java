package io.streamplane.encoder.pertitle;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.encoder.ladder.Allocation;
import io.streamplane.encoder.ladder.BjontegaardDelta;
import io.streamplane.encoder.ladder.FixedLadder;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.ladder.ShotOptimizer;
import io.streamplane.encoder.report.TitleReport;
import io.streamplane.encoder.vmaf.DecodedVideoReader;
import io.streamplane.encoder.vmaf.PixelFormat;
import io.streamplane.encoder.vmaf.RawYuvReader;
import io.streamplane.encoder.vmaf.VmafModel;
import io.streamplane.encoder.vmaf.VmafScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BD-rate of a per-shot optimised ladder against the classic fixed ladder on a synthetic mixed-content title (flat
 * animation-like, smooth fractal, noisy bars, hard cuts). Every number comes from real x264 encodes scored with this
 * module's VMAF at the source size:
 *
 * <pre>java -cp ... io.streamplane.encoder.pertitle.PerTitleBench [workDir] [height=540] [shotSeconds=2] [rungs=6]</pre>
 *
 * Candidates: each shot at 4 heights x 5 CRFs (x264 veryfast). The optimised ladder takes a common slope across
 * shots; the fixed ladder encodes the whole title at each classic rung's bitrate (constrained VBR) and height, for the
 * rungs not above the source height. Writes the job report ({@code report.md}, {@code rate-quality.svg}) to the
 * work folder.
 */
public final class PerTitleBench {

    private static final int FPS = 24;
    private static final int[] CRFS = {18, 24, 30, 36, 42};

    private final FfmpegTools tools;
    private final Path work;
    private final VmafScorer scorer = new VmafScorer(VmafModel.v061(), Runtime.getRuntime().availableProcessors());
    private final int width;
    private final int height;

    private PerTitleBench(FfmpegTools tools, Path work, int height) {
        this.tools = tools;
        this.work = work;
        this.height = height;
        this.width = even(height * 16 / 9);
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/pertitle-bench");
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 540;
        double shotSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        int rungs = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        Files.createDirectories(work);
        new PerTitleBench(FfmpegTools.locate(), work, height).run(shotSeconds, rungs);
    }

    private void run(double shotSeconds, int rungs) throws IOException {
        long start = System.nanoTime();
        List<SyntheticSource.Shot> plan = List.of(new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, shotSeconds),
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, shotSeconds),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, shotSeconds));
        Path master = SyntheticSource.generate(tools, work.resolve("master.mp4"), width, height, FPS, plan).file();
        int[] heights = {even(height / 3), even(height / 2), even(height * 2 / 3), height};

        List<Shot> shots = new ArrayList<>();
        List<RatePoint> allCandidates = new ArrayList<>();
        for (int s = 0; s < plan.size(); s++) {
            double from = s * shotSeconds;
            Path reference = decodeRaw(master, from, shotSeconds, "ref_shot" + s + ".yuv");
            List<RatePoint> candidates = new ArrayList<>();
            for (int h : heights) {
                for (int crf : CRFS) {
                    Path encode = work.resolve("shot" + s + "_" + h + "p_crf" + crf + ".mp4");
                    ffmpeg(List.of("-ss", fmt(from), "-t", fmt(shotSeconds), "-i", master.toString(), "-an",
                            "-vf", "scale=-2:" + h, "-c:v", "libx264", "-preset", "veryfast", "-crf",
                            String.valueOf(crf), encode.toString()));
                    RatePoint p = new RatePoint(h + "p crf" + crf, h, kbps(encode, shotSeconds),
                            vmaf(reference, encode));
                    candidates.add(p);
                }
            }
            shots.add(new Shot(plan.get(s).kind().name().toLowerCase(Locale.ROOT), shotSeconds, candidates));
            allCandidates.addAll(candidates);
            System.out.printf("shot %d (%s): %d candidates scored%n", s, plan.get(s).kind(), candidates.size());
        }
        ShotOptimizer optimizer = new ShotOptimizer(shots);
        List<RatePoint> titleHull = optimizer.titleHull().stream().map(a -> new RatePoint("hull", 0, a.kbps(),
                a.quality())).toList();
        List<Allocation> ladder = optimizer.ladder(rungs, 0.002);

        double title = plan.size() * shotSeconds;
        Path fullReference = decodeRaw(master, 0, title, "ref_title.yuv");
        List<RatePoint> fixed = new ArrayList<>();
        for (FixedLadder.Rung rung : FixedLadder.CLASSIC) {
            if (rung.height() > height) {
                continue;
            }
            Path encode = work.resolve("fixed_" + rung.kbps() + "k_" + rung.height() + "p.mp4");
            String rate = rung.kbps() + "k";
            ffmpeg(List.of("-i", master.toString(), "-an", "-vf", "scale=-2:" + rung.height(), "-c:v", "libx264",
                    "-preset", "veryfast", "-b:v", rate, "-maxrate", rate, "-bufsize", 2 * rung.kbps() + "k",
                    encode.toString()));
            fixed.add(new RatePoint(rung.kbps() + "k " + rung.height() + "p", rung.height(), kbps(encode, title),
                    vmaf(fullReference, encode)));
        }

        TitleReport report = new TitleReport("Synthetic title " + width + "x" + height, shots, ladder, fixed);
        report.writeTo(work);
        System.out.println();
        System.out.print(report.markdown());
        if (fixed.size() >= 2) {
            System.out.printf("BD-rate, whole title hull vs fixed ladder: %+.1f %%%n",
                    BjontegaardDelta.ratePercent(fixed, titleHull));
        }
        System.out.printf("report: %s  (%.0f s)%n", work.resolve(TitleReport.MARKDOWN),
                (System.nanoTime() - start) / 1e9);
    }

    private Path decodeRaw(Path master, double from, double seconds, String name) {
        Path out = work.resolve(name);
        ffmpeg(List.of("-ss", fmt(from), "-t", fmt(seconds), "-i", master.toString(), "-an", "-f", "rawvideo",
                "-pix_fmt", "yuv420p", out.toString()));
        return out;
    }

    private double vmaf(Path referenceYuv, Path encode) throws IOException {
        try (RawYuvReader ref = new RawYuvReader(referenceYuv, width, height, PixelFormat.YUV420P);
             DecodedVideoReader dis = new DecodedVideoReader(tools, encode)) {
            return scorer.score(ref, dis).vmafMean();
        }
    }

    private static double kbps(Path file, double seconds) throws IOException {
        return Files.size(file) * 8 / seconds / 1000;
    }

    private void ffmpeg(List<String> args) {
        List<String> full = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y"));
        full.addAll(args);
        ProcessRunner.Result r = tools.ffmpeg(full, Duration.ofMinutes(10));
        if (r.exitCode() != 0) {
            throw new MediaToolException("ENCODE_FAILED", "ffmpeg " + String.join(" ", args) + ": " + r.stderr());
        }
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    private static int even(int n) {
        return n - n % 2;
    }
}
