package io.streamplane.encoder.vmaf;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores a distorted sequence against its reference with VMAF: per frame VIF (4 scales) and ADM on luma pairs (the
 * distorted picture first upscaled to the reference size), motion on the reference, then the model per frame.
 * Frames are scored in parallel with a bounded number in flight, collected in order; only the previous blurred
 * reference frame is kept for motion.
 */
public final class VmafScorer {

    /** Smallest picture the four-level pyramids and the 17-tap window make sense on. */
    public static final int MIN_SIZE = 32;

    private final VmafModel model;
    private final int threads;

    public VmafScorer(VmafModel model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.model = model;
        this.threads = threads;
    }

    private record FrameWork(double adm2, double[] vif, float[][] blurredReference) {
    }

    public VmafResult score(FrameSource reference, FrameSource distorted) throws IOException {
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vmaf-frame");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            return run(reference, distorted, pool);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private VmafResult run(FrameSource reference, FrameSource distorted, ExecutorService pool) throws IOException {
        Collected collected = new Collected();
        int distortedDepth = distorted.bitDepth();
        // Frames in flight, oldest first: reading the next frames overlaps with scoring the previous ones.
        ArrayDeque<Future<FrameWork>> inFlight = new ArrayDeque<>();
        int inFlightLimit = 2 * threads;
        for (int index = 0; ; index++) {
            LumaPlane ref = reference.next();
            LumaPlane dis = distorted.next();
            if (ref == null && dis == null) {
                break;
            }
            if (ref == null || dis == null) {
                throw new VmafInputException("VMAF_FRAME_COUNT_MISMATCH", (ref == null ? "reference" : "distorted")
                        + " ended at frame " + index + " while the other has more frames");
            }
            validate(ref, dis);
            if (pool == null) {
                collected.add(work(ref, dis, distortedDepth));
                continue;
            }
            inFlight.add(pool.submit(() -> work(ref, dis, distortedDepth)));
            if (inFlight.size() >= inFlightLimit) {
                collected.add(join(inFlight.poll()));
            }
        }
        while (!inFlight.isEmpty()) {
            collected.add(join(inFlight.poll()));
        }
        if (collected.adms.isEmpty()) {
            throw new VmafInputException("VMAF_NO_FRAMES", "the inputs contain no frames");
        }
        double[] motion2 = MotionFeature.motion2(
                collected.motions.stream().mapToDouble(Double::doubleValue).toArray());
        List<VmafResult.FrameScore> frames = new ArrayList<>(collected.adms.size());
        for (int i = 0; i < collected.adms.size(); i++) {
            double[] vif = collected.vifs.get(i);
            FeatureVector features = new FeatureVector(collected.adms.get(i), motion2[i], vif[0], vif[1], vif[2],
                    vif[3]);
            frames.add(new VmafResult.FrameScore(i, features, model.predict(features)));
        }
        return VmafResult.pool(frames);
    }

    /** Per-frame results in frame order; motion needs each blurred reference only until the next frame arrives. */
    private static final class Collected {
        private final List<double[]> vifs = new ArrayList<>();
        private final List<Double> adms = new ArrayList<>();
        private final List<Double> motions = new ArrayList<>();
        private float[][] previousBlur;

        void add(FrameWork w) {
            motions.add(previousBlur == null ? 0.0
                    : MotionFeature.meanAbsoluteDifference(previousBlur, w.blurredReference()));
            previousBlur = w.blurredReference();
            adms.add(w.adm2());
            vifs.add(w.vif());
        }
    }

    private static FrameWork work(LumaPlane ref, LumaPlane dis, int distortedDepth) {
        LumaPlane scaled = BicubicScaler.resize(dis, ref.width(), ref.height(), distortedDepth);
        return new FrameWork(AdmFeature.compute(ref, scaled), VifFeature.compute(ref, scaled), MotionFeature.blur(ref));
    }

    private static void validate(LumaPlane ref, LumaPlane dis) {
        if (ref.width() < MIN_SIZE || ref.height() < MIN_SIZE) {
            throw new VmafInputException("VMAF_FRAME_TOO_SMALL", "reference " + ref.width() + "x" + ref.height()
                    + " is smaller than " + MIN_SIZE + "x" + MIN_SIZE);
        }
        if (dis.width() > ref.width() || dis.height() > ref.height()) {
            throw new VmafInputException("VMAF_DISTORTED_LARGER", "distorted " + dis.width() + "x" + dis.height()
                    + " is larger than the reference " + ref.width() + "x" + ref.height()
                    + "; VMAF is computed at the reference size");
        }
    }

    private static FrameWork join(Future<FrameWork> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("scoring failed", e.getCause());
        }
    }
}
