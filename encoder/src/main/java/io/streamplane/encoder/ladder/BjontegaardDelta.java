package io.streamplane.encoder.ladder;

import java.util.Comparator;
import java.util.List;

/**
 * Bjøntegaard delta rate: the average bitrate difference between two rate-quality curves at equal quality, over the
 * quality range both cover. Log10 of the bitrate is interpolated as a function of quality with a shape-preserving
 * piecewise cubic (Fritsch-Carlson, the variant later BD tools adopted over the single cubic fit because it does not
 * overshoot between rungs) and integrated exactly.
 */
public final class BjontegaardDelta {

    private BjontegaardDelta() {
    }

    /**
     * Percent bitrate change of {@code test} against {@code reference} at equal quality: -25 means the test curve
     * needs a quarter fewer bits on average.
     */
    public static double ratePercent(List<RatePoint> reference, List<RatePoint> test) {
        Curve ref = curve(reference, "reference");
        Curve tst = curve(test, "test");
        double low = Math.max(ref.x[0], tst.x[0]);
        double high = Math.min(ref.x[ref.x.length - 1], tst.x[tst.x.length - 1]);
        if (!(high > low)) {
            throw new IllegalArgumentException("the curves share no quality range: reference covers "
                    + ref.x[0] + ".." + ref.x[ref.x.length - 1] + ", test " + tst.x[0] + ".." + tst.x[tst.x.length - 1]);
        }
        double meanDiff = (tst.integral(low, high) - ref.integral(low, high)) / (high - low);
        return (Math.pow(10, meanDiff) - 1) * 100;
    }

    private static Curve curve(List<RatePoint> points, String name) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("the " + name + " curve needs at least 2 points, got " + points.size());
        }
        List<RatePoint> sorted = points.stream().sorted(Comparator.comparingDouble(RatePoint::quality)).toList();
        double[] x = new double[sorted.size()];
        double[] y = new double[sorted.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = sorted.get(i).quality();
            y[i] = Math.log10(sorted.get(i).kbps());
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("the " + name + " curve has two points at quality " + x[i]
                        + "; pass one point per quality (e.g. its convex hull)");
            }
        }
        return new Curve(x, y, slopes(x, y));
    }

    /** Fritsch-Carlson derivatives: zero at local extrema, weighted harmonic means inside, shape-preserving ends. */
    static double[] slopes(double[] x, double[] y) {
        int n = x.length;
        double[] h = new double[n - 1];
        double[] delta = new double[n - 1];
        for (int k = 0; k < n - 1; k++) {
            h[k] = x[k + 1] - x[k];
            delta[k] = (y[k + 1] - y[k]) / h[k];
        }
        double[] m = new double[n];
        if (n == 2) {
            m[0] = delta[0];
            m[1] = delta[0];
            return m;
        }
        for (int k = 1; k < n - 1; k++) {
            if (delta[k - 1] * delta[k] <= 0) {
                m[k] = 0;
            } else {
                double w1 = 2 * h[k] + h[k - 1];
                double w2 = h[k] + 2 * h[k - 1];
                m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
            }
        }
        m[0] = endSlope(h[0], h[1], delta[0], delta[1]);
        m[n - 1] = endSlope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
        return m;
    }

    private static double endSlope(double h0, double h1, double d0, double d1) {
        double m = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
        if (Math.signum(m) != Math.signum(d0)) {
            return 0;
        }
        if (Math.signum(d0) != Math.signum(d1) && Math.abs(m) > Math.abs(3 * d0)) {
            return 3 * d0;
        }
        return m;
    }

    private record Curve(double[] x, double[] y, double[] m) {

        /** Exact integral of the cubic Hermite interpolant between a and b (both inside [x0, xn]). */
        double integral(double a, double b) {
            double sum = 0;
            for (int k = 0; k < x.length - 1; k++) {
                double lo = Math.max(a, x[k]);
                double hi = Math.min(b, x[k + 1]);
                if (hi <= lo) {
                    continue;
                }
                double h = x[k + 1] - x[k];
                sum += h * (antiderivative(k, (hi - x[k]) / h, h) - antiderivative(k, (lo - x[k]) / h, h));
            }
            return sum;
        }

        /** Antiderivative in t of h00*y0 + h10*h*m0 + h01*y1 + h11*h*m1 (the Hermite basis), at t. */
        private double antiderivative(int k, double t, double h) {
            double t2 = t * t;
            double t3 = t2 * t;
            double t4 = t3 * t;
            double h00 = t4 / 2 - t3 + t;
            double h10 = t4 / 4 - 2 * t3 / 3 + t2 / 2;
            double h01 = -t4 / 2 + t3;
            double h11 = t4 / 4 - t3 / 3;
            return h00 * y[k] + h10 * h * m[k] + h01 * y[k + 1] + h11 * h * m[k + 1];
        }
    }
}
