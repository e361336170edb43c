package io.streamplane.encoder.vmaf;

/**
 * Separable bicubic resampling of luma with the kernel ffmpeg's swscale uses by default for {@code flags=bicubic}
 * (Mitchell-Netravali B = 0, C = 0.6, i.e. Keys with a = -0.6), centre-aligned sample positions and clamped edges.
 * Renditions are upscaled to the reference size with it before scoring, as VMAF is defined at the reference size.
 */
public final class BicubicScaler {

    private static final double A = -0.6;

    private BicubicScaler() {
    }

    /**
     * Resamples {@code src} to {@code width} x {@code height}; results are rounded to the grid of the source bit depth
     * and clamped to its range, like a scaler writing integer samples.
     */
    public static LumaPlane resize(LumaPlane src, int width, int height, int bitDepth) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        Taps cols = taps(src.width(), width);
        Taps rows = taps(src.height(), height);
        int sw = src.width();
        float[] in = src.samples();
        float[] horizontal = new float[width * src.height()];
        for (int y = 0; y < src.height(); y++) {
            int base = y * sw;
            int outBase = y * width;
            for (int x = 0; x < width; x++) {
                int i = 4 * x;
                int first = cols.first[x];
                float acc = 0f;
                for (int k = 0; k < 4; k++) {
                    acc += cols.weights[i + k] * in[base + clamp(first + k, sw)];
                }
                horizontal[outBase + x] = acc;
            }
        }
        double steps = 1 << (bitDepth - 8);
        float max = (float) (((1 << bitDepth) - 1) / steps);
        float[] out = new float[width * height];
        float[] row = new float[width];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(row, 0f);
            int first = rows.first[y];
            for (int k = 0; k < 4; k++) {
                float w = rows.weights[4 * y + k];
                int base = clamp(first + k, src.height()) * width;
                for (int x = 0; x < width; x++) {
                    row[x] += w * horizontal[base + x];
                }
            }
            int outBase = y * width;
            for (int x = 0; x < width; x++) {
                float v = (float) (Math.rint(row[x] * steps) / steps);
                out[outBase + x] = v < 0f ? 0f : Math.min(v, max);
            }
        }
        return new LumaPlane(width, height, out);
    }

    private record Taps(int[] first, float[] weights) {
    }

    private static Taps taps(int srcSize, int dstSize) {
        int[] first = new int[dstSize];
        float[] weights = new float[4 * dstSize];
        double ratio = (double) srcSize / dstSize;
        for (int d = 0; d < dstSize; d++) {
            double pos = (d + 0.5) * ratio - 0.5;
            int base = (int) Math.floor(pos);
            double t = pos - base;
            first[d] = base - 1;
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                double w = kernel(t - (k - 1));
                weights[4 * d + k] = (float) w;
                sum += w;
            }
            for (int k = 0; k < 4; k++) {
                weights[4 * d + k] /= (float) sum;
            }
        }
        return new Taps(first, weights);
    }

    private static double kernel(double x) {
        double ax = Math.abs(x);
        if (ax <= 1) {
            return ((A + 2) * ax - (A + 3)) * ax * ax + 1;
        }
        if (ax < 2) {
            return ((A * ax - 5 * A) * ax + 8 * A) * ax - 4 * A;
        }
        return 0;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
