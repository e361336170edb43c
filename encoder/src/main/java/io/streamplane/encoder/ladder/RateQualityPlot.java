package io.streamplane.encoder.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rate-quality chart as a standalone SVG document for the job report: bitrate on a log axis, quality (VMAF) on a
 * linear 0-100 axis, one colour per series; a series is drawn as points, as a line through its points, or both.
 */
public final class RateQualityPlot {

    /** One thing to draw: candidate encodes (points), a hull or ladder (line), chosen rungs (labelled points). */
    public record Series(String name, String colour, List<RatePoint> points, boolean line, boolean labelled) {

        public Series {
            points = List.copyOf(points);
        }
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private RateQualityPlot() {
    }

    public static String svg(String title, List<Series> series) {
        List<RatePoint> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        double minKbps = all.stream().mapToDouble(RatePoint::kbps).min().orElseThrow();
        double maxKbps = all.stream().mapToDouble(RatePoint::kbps).max().orElseThrow();
        // Whole decades around the data so the log axis has round ticks.
        double lowDecade = Math.floor(Math.log10(minKbps));
        double highDecade = Math.max(Math.ceil(Math.log10(maxKbps)), lowDecade + 1);
        Axes axes = new Axes(lowDecade, highDecade);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\">%s</text>%n", LEFT,
                escape(title)));
        grid(svg, axes);
        int legendY = TOP + 10;
        for (Series s : series) {
            svg.append("<g class=\"series\" data-name=\"").append(escape(s.name())).append("\">\n");
            if (s.line() && s.points().size() > 1) {
                svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(escape(s.colour()))
                        .append("\" points=\"");
                for (RatePoint p : s.points()) {
                    svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(p.kbps()), axes.y(p.quality())));
                }
                svg.append("\"/>\n");
            }
            for (RatePoint p : s.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\">"
                        + "<title>%s: %.0f kbit/s, %.2f</title></circle>%n", axes.x(p.kbps()), axes.y(p.quality()),
                        s.labelled() ? 5 : 3, escape(s.colour()), escape(p.label()), p.kbps(), p.quality()));
                if (s.labelled()) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%s</text>%n",
                            axes.x(p.kbps()) + 7, axes.y(p.quality()) + 4, escape(p.label())));
                }
            }
            svg.append("</g>\n");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 20, legendY, escape(s.colour()),
                    WIDTH - RIGHT + 38, legendY + 11, escape(s.name())));
            legendY += 20;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void grid(StringBuilder svg, Axes axes) {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, plotRight - LEFT, plotBottom - TOP));
        for (int q = 0; q <= 100; q += 10) {
            double y = axes.y(q);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT, y, plotRight, y, LEFT - 6,
                    y + 4, q));
        }
        for (double decade = axes.lowDecade(); decade <= axes.highDecade(); decade++) {
            for (int m = 1; m < 10 && decade + Math.log10(m) <= axes.highDecade(); m++) {
                double kbps = m * Math.pow(10, decade);
                double x = axes.x(kbps);
                boolean major = m == 1;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "stroke=\"%s\"/>%n", x, TOP, x, plotBottom, major ? "#bbb" : "#eee"));
                if (major || m == 2 || m == 5) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                            x, plotBottom + 18, kbps >= 1000 ? (int) (kbps / 1000) + "M" : String.valueOf((int) kbps)));
                }
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">bitrate (kbit/s, log)"
                + "</text>%n", (LEFT + plotRight) / 2, HEIGHT - 18));
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" "
                + "text-anchor=\"middle\">quality (VMAF)</text>%n", (TOP + plotBottom) / 2, (TOP + plotBottom) / 2));
    }

    /** Maps bitrate (log) and quality (0-100, clamped) to picture coordinates. */
    private record Axes(double lowDecade, double highDecade) {

        double x(double kbps) {
            double t = (Math.log10(kbps) - lowDecade) / (highDecade - lowDecade);
            return LEFT + t * (WIDTH - RIGHT - LEFT);
        }

        double y(double quality) {
            double q = Math.max(0, Math.min(100, quality));
            return HEIGHT - BOTTOM - q / 100 * (HEIGHT - BOTTOM - TOP);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
