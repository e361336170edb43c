package io.streamplane.encoder.encode;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import io.streamplane.encoder.vmaf.DecodedVideoReader;
import io.streamplane.encoder.vmaf.VmafModel;
import io.streamplane.encoder.vmaf.VmafScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Speed and quality of the farm's codec settings on one synthetic mixed-content title (flat, fractal and noisy
 * shots with hard cuts): the whole title in H.264 (x264 veryfast, constrained VBR, as a rung of the fixed ladder), VP9
 * (libvpx-vp9 realtime, cpu-used 8) and AV1 (SVT-AV1 preset 10), each with the plan's forced keyframes, at the same
 * target bitrate and at the share of it the farm gives that codec; every encode scored with this module's VMAF.
 *
 * <pre>java -cp ... io.streamplane.encoder.encode.CodecBench [workDir] [height=720] [kbps=1500] [shotSeconds=2]</pre>
 *
 * Prints one table row per encode: target and actual kbit/s, encode wall time, frames per second, VMAF.
 */
public final class CodecBench {

    private static final int FPS = 24;

    private CodecBench() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/codec-bench");
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int kbps = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        double shotSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 2.0;
        int width = (height * 16 / 9 + 1) / 2 * 2;
        FfmpegTools tools = FfmpegTools.locate();
        Files.createDirectories(work);
        Path source = SyntheticSource.generate(tools, work.resolve("source.mp4"), width, height, FPS, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, shotSeconds),
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, shotSeconds),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, shotSeconds))).file();
        int frames = (int) Math.round(3 * shotSeconds * FPS);
        int shotFrames = (int) Math.round(shotSeconds * FPS);
        ChunkPlan plan = ChunkPlan.of(frames, FPS, List.of(shotFrames, 2 * shotFrames), 1, 2 * shotSeconds, 2);
        VmafScorer scorer = new VmafScorer(VmafModel.v061(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%dx%d, %d frames, keyframes %s, %d cores%n", width, height, frames,
                plan.keyframes(), Runtime.getRuntime().availableProcessors());
        System.out.println("| codec | target kbit/s | actual kbit/s | encode s | fps | VMAF |");
        System.out.println("|---|---|---|---|---|---|");
        for (VideoCodec codec : VideoCodec.values()) {
            List<Integer> targets = codec == VideoCodec.H264 ? List.of(kbps) : List.of(kbps, codec.kbpsFor(kbps));
            for (int target : targets) {
                Path out = work.resolve(codec.wireName() + "_" + target + "k.mp4");
                long start = System.nanoTime();
                if (codec == VideoCodec.H264) {
                    new ChunkEncoder(tools).encode(source, plan, new Chunk(0, 0, frames),
                            RenditionSettings.bitrate(height, target), out);
                } else {
                    new CodecRungEncoder(tools).encode(source, plan, codec, height, target, out);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double vmaf;
                try (DecodedVideoReader ref = new DecodedVideoReader(tools, source, 0, frames);
                     DecodedVideoReader dis = new DecodedVideoReader(tools, out)) {
                    vmaf = scorer.score(ref, dis).vmafMean();
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.1f | %.2f |%n", codec.wireName(), target,
                        Files.size(out) * 8 / (frames / (double) FPS) / 1000, seconds, frames / seconds, vmaf);
            }
        }
    }
}
