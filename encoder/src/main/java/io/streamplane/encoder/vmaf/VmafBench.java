package io.streamplane.encoder.vmaf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * VMAF throughput on synthetic frames: {@code java -cp ... io.streamplane.encoder.vmaf.VmafBench [frames] [threads]}.
 * Prints frames per second at 720p and 1080p (same-size pair) and for a 360p rendition upscaled to 720p. A pool of
 * {@value #POOL} frames is generated before timing and cycled, so only scoring is measured and memory stays small; a
 * warm-up pass lets the JIT compile the loops. Besides wall-clock fps it prints the process CPU time per frame, which
 * stays meaningful when other work shares the machine.
 */
public final class VmafBench {

    private static final int POOL = 8;

    private VmafBench() {
    }

    public static void main(String[] args) throws IOException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        VmafScorer scorer = new VmafScorer(VmafModel.v061(), threads);
        System.out.printf("VMAF v0.6.1 (Java), %d frames per run, %d threads, %d cores%n", frames, threads,
                Runtime.getRuntime().availableProcessors());
        run(scorer, "warm-up 720p", 1280, 720, 1280, 720, Math.min(frames, 16));
        run(scorer, "720p", 1280, 720, 1280, 720, frames);
        run(scorer, "1080p", 1920, 1080, 1920, 1080, frames);
        run(scorer, "360p->720p", 1280, 720, 640, 360, frames);
    }

    private static void run(VmafScorer scorer, String label, int width, int height, int disWidth, int disHeight,
                            int frames) throws IOException {
        List<LumaPlane> refs = SyntheticFrames.sequence(width, height, POOL, false);
        List<LumaPlane> dis = SyntheticFrames.sequence(width, height, POOL, true);
        if (disWidth != width) {
            dis = dis.stream().map(p -> downscale(p, width / disWidth)).toList();
        }
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        VmafResult result = scorer.score(cycle(refs, frames), cycle(dis, frames));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (processCpuNanos() - cpuStart) / 1e6;
        System.out.printf("%-14s %4dx%-4d  %6.2f fps  (%.2f s wall, %.1f ms CPU/frame, mean VMAF %.2f)%n", label,
                width, height, frames / seconds, seconds, cpuMs / frames, result.vmafMean());
    }

    private static FrameSource cycle(List<LumaPlane> pool, int frames) {
        return new FrameSource() {
            private int next;

            @Override
            public LumaPlane next() {
                return next < frames ? pool.get(next++ % pool.size()) : null;
            }

            @Override
            public int bitDepth() {
                return 8;
            }
        };
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Box downscale by an integer factor, standing in for a lower-resolution rendition. */
    private static LumaPlane downscale(LumaPlane p, int factor) {
        int w = p.width() / factor;
        int h = p.height() / factor;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) {
                        sum += p.samples()[(y * factor + dy) * p.width() + x * factor + dx];
                    }
                }
                out[y * w + x] = Math.round(sum / (factor * factor));
            }
        }
        return new LumaPlane(w, h, out);
    }
}
