package io.streamplane.encoder.vmaf;

import java.util.Arrays;

/**
 * Symmetric separable FIR filters on pictures stored as arrays of rows, with mirrored edges ({@link Mirror#reflect}).
 *
 * <p>Every inner loop reads and writes separate arrays at the same index, the shape HotSpot's C2 turns into SIMD code:
 * rows are separate arrays for the vertical pass, and the horizontal pass copies the two mirrored tap positions of the
 * padded row into scratch rows first. (Offset indexing into one array, {@code a[j + k]}, stays scalar on JDK 17 and was
 * measured 4-8 times slower.) Mirrored taps of the symmetric kernels share one multiplication.
 */
final class SeparableFilter {

    private SeparableFilter() {
    }

    /** Normalised sampled Gaussian of the given odd width with sigma = width / 5 (the VIF/motion kernels). */
    static float[] gaussian(int width) {
        double sigma = width / 5.0;
        int radius = width / 2;
        double[] taps = new double[width];
        double sum = 0;
        for (int k = 0; k < width; k++) {
            double x = k - radius;
            taps[k] = Math.exp(-x * x / (2 * sigma * sigma));
            sum += taps[k];
        }
        float[] out = new float[width];
        for (int k = 0; k < width; k++) {
            out[k] = (float) (taps[k] / sum);
        }
        return out;
    }

    /** Scratch rows for one thread filtering rows up to {@code width} wide with kernels up to {@code maxTaps}. */
    static final class Scratch {
        final float[] padded;
        final float[] first;
        final float[] second;
        final float[] column;

        Scratch(int width, int maxTaps) {
            padded = new float[width + maxTaps];
            first = new float[width];
            second = new float[width];
            column = new float[width];
        }
    }

    /** Vertical pass of output row {@code row}: {@code out[j] = sum_k f[k] * rows[mirror(row - r + k)][j]}. */
    static void vertical(float[][] rows, float[] filter, int row, float[] out, int width) {
        int radius = filter.length / 2;
        int height = rows.length;
        float centre = filter[radius];
        float[] mid = rows[row];
        for (int j = 0; j < width; j++) {
            out[j] = centre * mid[j];
        }
        for (int k = 0; k < radius; k++) {
            float[] above = rows[Mirror.reflect(row - radius + k, height)];
            float[] below = rows[Mirror.reflect(row + radius - k, height)];
            float c = filter[k];
            for (int j = 0; j < width; j++) {
                out[j] += c * (above[j] + below[j]);
            }
        }
    }

    /** Horizontal pass of one row: {@code out[j] = sum_k f[k] * row[mirror(j - r + k)]}. */
    static void horizontal(float[] row, float[] filter, float[] out, int width, Scratch scratch) {
        int radius = filter.length / 2;
        float[] padded = scratch.padded;
        System.arraycopy(row, 0, padded, radius, width);
        for (int m = 1; m <= radius; m++) {
            padded[radius - m] = row[Mirror.reflect(-m, width)];
            padded[radius + width - 1 + m] = row[Mirror.reflect(width - 1 + m, width)];
        }
        float centre = filter[radius];
        for (int j = 0; j < width; j++) {
            out[j] = centre * row[j];
        }
        float[] left = scratch.first;
        float[] right = scratch.second;
        for (int k = 0; k < radius; k++) {
            System.arraycopy(padded, k, left, 0, width);
            System.arraycopy(padded, 2 * radius - k, right, 0, width);
            float c = filter[k];
            for (int j = 0; j < width; j++) {
                out[j] += c * (left[j] + right[j]);
            }
        }
    }

    /** Full 2-D filtering of a picture. */
    static float[][] apply(float[][] rows, int width, float[] filter) {
        Scratch scratch = new Scratch(width, filter.length);
        float[][] out = new float[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            vertical(rows, filter, i, scratch.column, width);
            horizontal(scratch.column, filter, out[i], width, scratch);
        }
        return out;
    }

    /** Filters and keeps every other row and column (the dyadic pyramid step of VIF); output is floor(w/2) x floor(h/2). */
    static float[][] filterAndDecimate(float[][] rows, int width, float[] filter) {
        int outWidth = width / 2;
        float[][] out = new float[rows.length / 2][outWidth];
        Scratch scratch = new Scratch(width, filter.length);
        float[] filtered = new float[width];
        for (int oi = 0; oi < out.length; oi++) {
            vertical(rows, filter, 2 * oi, scratch.column, width);
            horizontal(scratch.column, filter, filtered, width, scratch);
            float[] target = out[oi];
            for (int oj = 0; oj < outWidth; oj++) {
                target[oj] = filtered[2 * oj];
            }
        }
        return out;
    }

    /** Rows of a plane, optionally shifted by a constant. */
    static float[][] rows(LumaPlane plane, float offset) {
        int w = plane.width();
        float[][] out = new float[plane.height()][];
        float[] s = plane.samples();
        for (int i = 0; i < out.length; i++) {
            float[] row = Arrays.copyOfRange(s, i * w, (i + 1) * w);
            if (offset != 0f) {
                for (int j = 0; j < w; j++) {
                    row[j] += offset;
                }
            }
            out[i] = row;
        }
        return out;
    }
}
