package io.streamplane.encoder.vmaf;

/**
 * Temporal information of the reference: mean absolute difference between consecutive reference frames after a 5-tap
 * Gaussian blur (sigma 1). VMAF's motion2 of frame i is min(motion(i-1 to i), motion(i to i+1)), 0 for the first.
 */
final class MotionFeature {

    private static final float[] BLUR = SeparableFilter.gaussian(5);

    private MotionFeature() {
    }

    static float[][] blur(LumaPlane reference) {
        return SeparableFilter.apply(SeparableFilter.rows(reference, 0f), reference.width(), BLUR);
    }

    /** Mean absolute difference between two blurred frames of equal size. */
    static double meanAbsoluteDifference(float[][] previous, float[][] current) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < current.length; i++) {
            float[] a = previous[i];
            float[] b = current[i];
            for (int j = 0; j < b.length; j++) {
                sum += Math.abs(b[j] - a[j]);
            }
            count += b.length;
        }
        return sum / count;
    }

    /** motion2 per frame from the motion to the previous frame (motion[0] = 0). */
    static double[] motion2(double[] motion) {
        double[] out = new double[motion.length];
        for (int i = 0; i < motion.length; i++) {
            out[i] = i + 1 < motion.length ? Math.min(motion[i], motion[i + 1]) : motion[i];
        }
        return out;
    }
}
