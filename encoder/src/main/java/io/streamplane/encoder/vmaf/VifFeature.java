package io.streamplane.encoder.vmaf;

/**
 * Visual Information Fidelity (Sheikh and Bovik, 2006) in the pixel domain at four dyadic scales, as VMAF v0.6.1 uses
 * it: Gaussian windows of width 17, 9, 5 and 3 (sigma = width / 5), noise variance 2, gain limited to 100, and the
 * low-variance rule that scores nearly flat reference areas by how flat the distorted picture stayed.
 */
final class VifFeature {

    static final int SCALES = 4;
    private static final double SIGMA_NSQ = 2.0;
    private static final double SIGMA_MAX_INV = 4.0 / (255.0 * 255.0);
    private static final double EPS = 1e-10;
    private static final double GAIN_LIMIT = 100.0;
    private static final double LN2 = Math.log(2.0);
    private static final double RENORMALISE = 0x1p900;
    private static final float[][] FILTERS = {
        SeparableFilter.gaussian(17), SeparableFilter.gaussian(9), SeparableFilter.gaussian(5), SeparableFilter.gaussian(3)
    };

    private VifFeature() {
    }

    /** VIF score (sum of information kept / sum of reference information) per scale, scale 0 first. */
    static double[] compute(LumaPlane reference, LumaPlane distorted) {
        int width = reference.width();
        // Centred samples keep squared sums small so single-precision filtering stays accurate.
        float[][] ref = SeparableFilter.rows(reference, -128f);
        float[][] dis = SeparableFilter.rows(distorted, -128f);
        double[] scores = new double[SCALES];
        for (int scale = 0; scale < SCALES; scale++) {
            float[] filter = FILTERS[scale];
            if (scale > 0) {
                ref = SeparableFilter.filterAndDecimate(ref, width, filter);
                dis = SeparableFilter.filterAndDecimate(dis, width, filter);
                width /= 2;
            }
            scores[scale] = scaleScore(ref, dis, width, filter);
        }
        return scores;
    }

    private static double scaleScore(float[][] ref, float[][] dis, int width, float[] filter) {
        int height = ref.length;
        float[][] columns = new float[5][width];
        float[][] rows = new float[5][width];
        SeparableFilter.Scratch scratch = new SeparableFilter.Scratch(width, filter.length);
        // log2 terms are summed as products of their arguments (all >= 1), renormalised by powers of two so that
        // no logarithm is taken per pixel: log2(prod) = exponent + log2(mantissa).
        double numLinear = 0;
        long denLinear = 0;
        double numProduct = 1;
        double denProduct = 1;
        long numExponent = 0;
        long denExponent = 0;
        for (int i = 0; i < height; i++) {
            localMoments(ref, dis, width, filter, i, columns);
            for (int q = 0; q < 5; q++) {
                SeparableFilter.horizontal(columns[q], filter, rows[q], width, scratch);
            }
            // Local variances and covariance in one SIMD-friendly pass; the per-pixel rules below are scalar.
            float[] sigma1 = rows[0];
            float[] sigma2 = rows[1];
            float[] sigma12Row = rows[2];
            varianceRow(rows, width);
            for (int j = 0; j < width; j++) {
                double sigma1Sq = sigma1[j];
                double sigma2Sq = sigma2[j];
                if (sigma1Sq < SIGMA_NSQ) {
                    numLinear += 1.0 - sigma2Sq * SIGMA_MAX_INV;
                    denLinear++;
                    continue;
                }
                double sigma12 = sigma12Row[j];
                denProduct *= 1.0 + sigma1Sq * (1.0 / SIGMA_NSQ);
                double gain = sigma12 / (sigma1Sq + EPS);
                // A negative gain (anti-correlated) or a flat distorted area carries no information: factor 1.
                if (gain > 0 && sigma2Sq >= EPS) {
                    double svSq = Math.max(sigma2Sq - gain * sigma12, EPS);
                    gain = Math.min(gain, GAIN_LIMIT);
                    numProduct *= 1.0 + gain * gain * sigma1Sq / (svSq + SIGMA_NSQ);
                }
                if (numProduct > RENORMALISE) {
                    int e = Math.getExponent(numProduct);
                    numExponent += e;
                    numProduct = Math.scalb(numProduct, -e);
                }
                if (denProduct > RENORMALISE) {
                    int e = Math.getExponent(denProduct);
                    denExponent += e;
                    denProduct = Math.scalb(denProduct, -e);
                }
            }
        }
        double num = numLinear + numExponent + Math.log(numProduct) / LN2;
        double den = denLinear + denExponent + Math.log(denProduct) / LN2;
        return num / den;
    }

    /**
     * Turns filtered moments {mu1, mu2, E[x^2], E[y^2], E[xy]} in place into {sigma1^2, sigma2^2, sigma12} (rows 0-2),
     * variances clamped at zero.
     */
    private static void varianceRow(float[][] moments, int width) {
        float[] mu1 = moments[0];
        float[] mu2 = moments[1];
        float[] xx = moments[2];
        float[] yy = moments[3];
        float[] xy = moments[4];
        for (int j = 0; j < width; j++) {
            float m1 = mu1[j];
            float m2 = mu2[j];
            float s12 = xy[j] - m1 * m2;
            mu1[j] = Math.max(xx[j] - m1 * m1, 0f);
            mu2[j] = Math.max(yy[j] - m2 * m2, 0f);
            xx[j] = s12;
        }
    }

    /**
     * Vertical pass of the five local moments (means, second moments, cross moment) for one output row; mirrored
     * taps of the symmetric kernel share one multiplication.
     */
    private static void localMoments(float[][] ref, float[][] dis, int width, float[] filter, int row,
                                     float[][] out) {
        int radius = filter.length / 2;
        int height = ref.length;
        float[] m1 = out[0];
        float[] m2 = out[1];
        float[] xx = out[2];
        float[] yy = out[3];
        float[] xy = out[4];
        float centre = filter[radius];
        float[] refMid = ref[row];
        float[] disMid = dis[row];
        for (int j = 0; j < width; j++) {
            float a = refMid[j];
            float b = disMid[j];
            m1[j] = centre * a;
            m2[j] = centre * b;
            xx[j] = centre * (a * a);
            yy[j] = centre * (b * b);
            xy[j] = centre * (a * b);
        }
        for (int k = 0; k < radius; k++) {
            int above = Mirror.reflect(row - radius + k, height);
            int below = Mirror.reflect(row + radius - k, height);
            float[] refAbove = ref[above];
            float[] refBelow = ref[below];
            float[] disAbove = dis[above];
            float[] disBelow = dis[below];
            float c = filter[k];
            for (int j = 0; j < width; j++) {
                float a0 = refAbove[j];
                float a1 = refBelow[j];
                float b0 = disAbove[j];
                float b1 = disBelow[j];
                m1[j] += c * (a0 + a1);
                m2[j] += c * (b0 + b1);
                xx[j] += c * (a0 * a0 + a1 * a1);
                yy[j] += c * (b0 * b0 + b1 * b1);
                xy[j] += c * (a0 * b0 + a1 * b1);
            }
        }
    }
}
