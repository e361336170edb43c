package io.streamplane.encoder.ladder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Upper convex hull of rate-quality points: the encodes no mix of other encodes beats. Along the result bitrate and
 * quality both rise and the quality gained per extra kbit/s falls, so "spend bits where they buy the most quality" is
 * a walk along it.
 */
public final class ConvexHull {

    private ConvexHull() {
    }

    public static List<RatePoint> upper(List<RatePoint> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        List<RatePoint> sorted = new ArrayList<>(points);
        // Ascending bitrate; at equal bitrate the better one first so the others are dropped right away.
        sorted.sort(Comparator.comparingDouble(RatePoint::kbps)
                .thenComparing(Comparator.comparingDouble(RatePoint::quality).reversed()));
        List<RatePoint> hull = new ArrayList<>();
        for (RatePoint p : sorted) {
            if (!hull.isEmpty() && hull.get(hull.size() - 1).kbps() == p.kbps()) {
                continue;
            }
            // Pop the last point while it lies on or below the chord from the one before it to p.
            while (hull.size() >= 2 && cross(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p) >= 0) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        // Past the best quality the hull goes down: more bits for less quality is never a choice.
        int best = 0;
        for (int i = 1; i < hull.size(); i++) {
            if (hull.get(i).quality() > hull.get(best).quality()) {
                best = i;
            }
        }
        return List.copyOf(hull.subList(0, best + 1));
    }

    /** Quality gained per kbit/s between two points. */
    public static double slope(RatePoint from, RatePoint to) {
        return (to.quality() - from.quality()) / (to.kbps() - from.kbps());
    }

    /** Positive when b lies below the segment a-c, zero when the three are collinear. */
    private static double cross(RatePoint a, RatePoint b, RatePoint c) {
        return (b.kbps() - a.kbps()) * (c.quality() - a.quality()) - (b.quality() - a.quality()) * (c.kbps() - a.kbps());
    }
}
