package io.streamplane.encoder.vmaf;

import java.util.List;

/** Per-frame features and scores plus their pooled values (arithmetic means; VMAF also min and harmonic mean). */
public record VmafResult(List<FrameScore> frames, FeatureVector featureMeans, double vmafMean, double vmafHarmonicMean,
                         double vmafMin) {

    /** One frame's features and its clipped VMAF score. */
    public record FrameScore(int index, FeatureVector features, double vmaf) {
    }

    public VmafResult {
        frames = List.copyOf(frames);
    }

    static VmafResult pool(List<FrameScore> frames) {
        int n = frames.size();
        double[] sums = new double[Feature.values().length];
        double vmafSum = 0;
        double inverseSum = 0;
        double min = Double.POSITIVE_INFINITY;
        for (FrameScore f : frames) {
            for (Feature feature : Feature.values()) {
                sums[feature.ordinal()] += f.features().value(feature);
            }
            vmafSum += f.vmaf();
            // libvmaf's harmonic mean shifts by one so a zero score stays finite.
            inverseSum += 1.0 / (f.vmaf() + 1.0);
            min = Math.min(min, f.vmaf());
        }
        FeatureVector means = new FeatureVector(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n,
                sums[5] / n);
        return new VmafResult(frames, means, vmafSum / n, n / inverseSum - 1.0, min);
    }
}
