package io.streamplane.encoder.vmaf;

/**
 * Additive impairment and Detail loss Measure (Li, Zhang, Kuo and Cosman, 2011), the "adm2" feature of VMAF v0.6.1.
 *
 * <p>Four levels of a Daubechies-2 wavelet transform. At each level the distorted detail bands are split into the part
 * explained by the reference (restored, the detail that survived) and an additive impairment; both are weighted by a
 * contrast sensitivity function derived from Watson's wavelet visibility model, the restored part is masked by the
 * impairment around it, and the result is pooled with a Minkowski-3 sum inside a 10 % border. adm2 = sum of the masked
 * restored detail over the sum of the reference detail, across levels.
 */
final class AdmFeature {

    static final int SCALES = 4;
    private static final double SQRT3 = Math.sqrt(3.0);
    private static final double NORM = 4.0 * Math.sqrt(2.0);
    private static final float L0 = (float) ((1 + SQRT3) / NORM);
    private static final float L1 = (float) ((3 + SQRT3) / NORM);
    private static final float L2 = (float) ((3 - SQRT3) / NORM);
    private static final float L3 = (float) ((1 - SQRT3) / NORM);
    // Quadrature mirror of the low-pass filter.
    private static final float H0 = L3;
    private static final float H1 = -L2;
    private static final float H2 = L1;
    private static final float H3 = -L0;

    private static final double BORDER_FACTOR = 0.1;
    private static final double GAIN_LIMIT = 100.0;
    private static final double COS_1DEG_SQ = Math.pow(Math.cos(Math.toRadians(1.0)), 2);
    private static final double DIV_EPS = 1e-30;

    // Watson, Yang, Solomon and Villasenor (1997), luma: Y = a * 10^(k (log10(2^level f0 g_theta / r))^2).
    private static final double WATSON_A = 0.495;
    private static final double WATSON_K = 0.466;
    private static final double WATSON_F0 = 0.401;
    private static final double[] WATSON_G = {1.501, 1.0, 0.534, 1.0};
    // Basis function amplitudes of the same paper, per level, for orientations LL, LH, HH, HL.
    private static final double[][] BASIS_AMPLITUDES = {
        {0.62171, 0.67234, 0.72709, 0.67234},
        {0.34537, 0.41317, 0.49428, 0.41317},
        {0.18004, 0.22727, 0.28688, 0.22727},
        {0.091401, 0.11792, 0.15214, 0.11792},
    };
    // Viewing at three picture heights of a 1080-line display: pixels per degree of visual angle.
    private static final double DISPLAY_RESOLUTION = 3.0 * 1080 * Math.PI / 180.0;

    private AdmFeature() {
    }

    /** Wavelet bands of one level, as rows; a = approximation, h/v = horizontal/vertical detail, d = diagonal. */
    private record Bands(float[][] a, float[][] h, float[][] v, float[][] d) {

        int width() {
            return a[0].length;
        }

        int height() {
            return a.length;
        }
    }

    static double compute(LumaPlane reference, LumaPlane distorted) {
        float[][] ref = SeparableFilter.rows(reference, -128f);
        float[][] dis = SeparableFilter.rows(distorted, -128f);
        double num = 0;
        double den = 0;
        for (int scale = 0; scale < SCALES; scale++) {
            Bands r = transform(ref);
            Bands d = transform(dis);
            double[] level = level(r, d, scale);
            num += level[0];
            den += level[1];
            ref = r.a();
            dis = d.a();
        }
        return den == 0 ? 1.0 : num / den;
    }

    /** One level of the 2-D db2 transform with mirrored edges; output is ceil(w/2) x ceil(h/2). */
    private static Bands transform(float[][] src) {
        int height = src.length;
        int width = src[0].length;
        int outWidth = (width + 1) / 2;
        int outHeight = (height + 1) / 2;
        float[][] a = new float[outHeight][outWidth];
        float[][] h = new float[outHeight][outWidth];
        float[][] v = new float[outHeight][outWidth];
        float[][] d = new float[outHeight][outWidth];
        float[] lo = new float[width];
        float[] hi = new float[width];
        int[] c0 = new int[outWidth];
        int[] c1 = new int[outWidth];
        int[] c2 = new int[outWidth];
        int[] c3 = new int[outWidth];
        for (int j = 0; j < outWidth; j++) {
            c0[j] = Mirror.reflectRepeatLast(2 * j - 1, width);
            c1[j] = Mirror.reflectRepeatLast(2 * j, width);
            c2[j] = Mirror.reflectRepeatLast(2 * j + 1, width);
            c3[j] = Mirror.reflectRepeatLast(2 * j + 2, width);
        }
        for (int i = 0; i < outHeight; i++) {
            float[] s0 = src[Mirror.reflectRepeatLast(2 * i - 1, height)];
            float[] s1 = src[Mirror.reflectRepeatLast(2 * i, height)];
            float[] s2 = src[Mirror.reflectRepeatLast(2 * i + 1, height)];
            float[] s3 = src[Mirror.reflectRepeatLast(2 * i + 2, height)];
            for (int j = 0; j < width; j++) {
                lo[j] = L0 * s0[j] + L1 * s1[j] + L2 * s2[j] + L3 * s3[j];
                hi[j] = H0 * s0[j] + H1 * s1[j] + H2 * s2[j] + H3 * s3[j];
            }
            float[] ai = a[i];
            float[] hRow = h[i];
            float[] vRow = v[i];
            float[] dRow = d[i];
            for (int j = 0; j < outWidth; j++) {
                int j0 = c0[j];
                int j1 = c1[j];
                int j2 = c2[j];
                int j3 = c3[j];
                ai[j] = L0 * lo[j0] + L1 * lo[j1] + L2 * lo[j2] + L3 * lo[j3];
                vRow[j] = H0 * lo[j0] + H1 * lo[j1] + H2 * lo[j2] + H3 * lo[j3];
                hRow[j] = L0 * hi[j0] + L1 * hi[j1] + L2 * hi[j2] + L3 * hi[j3];
                dRow[j] = H0 * hi[j0] + H1 * hi[j1] + H2 * hi[j2] + H3 * hi[j3];
            }
        }
        return new Bands(a, h, v, d);
    }

    /** Contrast sensitivity weight (inverse visibility threshold) of a level and orientation (1 = h/v, 2 = d). */
    static double csfWeight(int scale, int theta) {
        double t = Math.log10(Math.pow(2.0, scale + 1) * WATSON_F0 * WATSON_G[theta] / DISPLAY_RESOLUTION);
        double threshold = 2.0 * WATSON_A * Math.pow(10.0, WATSON_K * t * t) / BASIS_AMPLITUDES[scale][theta];
        return 1.0 / threshold;
    }

    /** {numerator, denominator} of one level. */
    private static double[] level(Bands ref, Bands dis, int scale) {
        int w = ref.width();
        int h = ref.height();
        float wHv = (float) csfWeight(scale, 1);
        float wD = (float) csfWeight(scale, 2);
        float[][][] restored = new float[3][h][w];
        float[][][] additive = new float[3][h][w];
        for (int i = 0; i < h; i++) {
            float[] ohRow = ref.h()[i];
            float[] ovRow = ref.v()[i];
            float[] odRow = ref.d()[i];
            float[] thRow = dis.h()[i];
            float[] tvRow = dis.v()[i];
            float[] tdRow = dis.d()[i];
            for (int j = 0; j < w; j++) {
                double oh = ohRow[j];
                double ov = ovRow[j];
                double od = odRow[j];
                double th = thRow[j];
                double tv = tvRow[j];
                double td = tdRow[j];
                double rh = clamp01(th / (oh + DIV_EPS)) * oh;
                double rv = clamp01(tv / (ov + DIV_EPS)) * ov;
                double rd = clamp01(td / (od + DIV_EPS)) * od;
                // Detail whose orientation is kept within one degree counts as restored (contrast enhancement is
                // not a loss).
                double dot = oh * th + ov * tv;
                double oMagSq = oh * oh + ov * ov;
                double tMagSq = th * th + tv * tv;
                if (dot >= 0 && dot * dot >= COS_1DEG_SQ * oMagSq * tMagSq) {
                    rh = enhanced(rh, th);
                    rv = enhanced(rv, tv);
                    rd = enhanced(rd, td);
                }
                restored[0][i][j] = (float) (rh * wHv);
                restored[1][i][j] = (float) (rv * wHv);
                restored[2][i][j] = (float) (rd * wD);
                additive[0][i][j] = (float) ((th - rh) * wHv);
                additive[1][i][j] = (float) ((tv - rv) * wHv);
                additive[2][i][j] = (float) ((td - rd) * wD);
            }
        }
        float[][] threshold = maskingThreshold(additive, w, h);
        int left = (int) (w * BORDER_FACTOR - 0.5);
        int top = (int) (h * BORDER_FACTOR - 0.5);
        int right = w - left;
        int bottom = h - top;
        double areaTerm = Math.cbrt((bottom - top) * (right - left) / 32.0);
        double num = 0;
        double den = 0;
        float[][][] refBands = {ref.h(), ref.v(), ref.d()};
        float[] weights = {wHv, wHv, wD};
        for (int band = 0; band < 3; band++) {
            double numCube = 0;
            double denCube = 0;
            float weight = weights[band];
            for (int i = top; i < bottom; i++) {
                float[] rest = restored[band][i];
                float[] orig = refBands[band][i];
                float[] thr = threshold[i];
                for (int j = left; j < right; j++) {
                    double masked = Math.abs((double) rest[j]) - thr[j];
                    if (masked > 0) {
                        numCube += masked * masked * masked;
                    }
                    double o = Math.abs((double) (orig[j] * weight));
                    denCube += o * o * o;
                }
            }
            num += Math.cbrt(numCube) + areaTerm;
            den += Math.cbrt(denCube) + areaTerm;
        }
        return new double[] {num, den};
    }

    private static double clamp01(double k) {
        return k < 0 ? 0 : (k > 1 ? 1 : k);
    }

    /** Restored detail when the distortion only enhanced contrast: the distorted detail, gain-limited. */
    private static double enhanced(double restored, double distorted) {
        if (restored > 0) {
            return Math.min(restored * GAIN_LIMIT, distorted);
        }
        if (restored < 0) {
            return Math.max(restored * GAIN_LIMIT, distorted);
        }
        return restored;
    }

    /**
     * Masking by the impairment: 3x3 weighted sum (centre 1/15, neighbours 1/30) of |impairment| over all bands, i.e.
     * (box3x3(A) + A) / 30 with A = |h| + |v| + |d|.
     */
    private static float[][] maskingThreshold(float[][][] additive, int w, int h) {
        float[][] magnitude = new float[h][w];
        for (int i = 0; i < h; i++) {
            float[] ah = additive[0][i];
            float[] av = additive[1][i];
            float[] ad = additive[2][i];
            float[] target = magnitude[i];
            for (int j = 0; j < w; j++) {
                target[j] = Math.abs(ah[j]) + Math.abs(av[j]) + Math.abs(ad[j]);
            }
        }
        float[][] out = new float[h][w];
        float[] column = new float[w];
        for (int i = 0; i < h; i++) {
            float[] up = magnitude[Mirror.reflectRepeatLast(i - 1, h)];
            float[] mid = magnitude[i];
            float[] down = magnitude[Mirror.reflectRepeatLast(i + 1, h)];
            for (int j = 0; j < w; j++) {
                column[j] = up[j] + mid[j] + down[j];
            }
            float[] target = out[i];
            for (int j = 0; j < w; j++) {
                float box = column[Mirror.reflectRepeatLast(j - 1, w)] + column[j]
                        + column[Mirror.reflectRepeatLast(j + 1, w)];
                target[j] = (box + mid[j]) * (1f / 30f);
            }
        }
        return out;
    }
}
