package io.streamplane.encoder.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvexHullTest {

    @Test
    void keepsTheEfficientEncodesOfAShotAndDropsTheDominatedOne() {
        // Mandelbrot shot of the media recipes (x264 veryfast, VMAF at 720p): 360p crf20 costs more than 720p crf32
        // for less quality, so it is not on the hull.
        List<RatePoint> points = List.of(
                new RatePoint("216p crf32", 216, 53, 12.7),
                new RatePoint("216p crf26", 216, 100, 30.7),
                new RatePoint("360p crf32", 360, 118, 35.7),
                new RatePoint("360p crf26", 360, 260, 54.7),
                new RatePoint("360p crf20", 360, 737, 66.0),
                new RatePoint("720p crf32", 720, 698, 66.9),
                new RatePoint("720p crf26", 720, 2006, 82.7),
                new RatePoint("720p crf20", 720, 4321, 91.3));
        List<String> hull = ConvexHull.upper(points).stream().map(RatePoint::label).toList();
        assertEquals(List.of("216p crf32", "216p crf26", "360p crf32", "360p crf26", "720p crf32", "720p crf26",
                "720p crf20"), hull);
    }

    @Test
    void dropsPointsUnderAChordTiesAndEverythingPastTheBestQuality() {
        List<RatePoint> points = List.of(
                new RatePoint("a", 240, 100, 40),
                new RatePoint("below chord", 240, 300, 45),
                new RatePoint("collinear", 360, 250, 55),
                new RatePoint("b", 480, 400, 70),
                new RatePoint("tie worse", 480, 400, 60),
                new RatePoint("c", 720, 1000, 80),
                new RatePoint("worse and dearer", 1080, 3000, 78));
        assertEquals(List.of("a", "b", "c"), ConvexHull.upper(points).stream().map(RatePoint::label).toList());
        assertEquals(List.of(), ConvexHull.upper(List.of()));
    }

    @Test
    void randomPointCloudsYieldAConcaveIncreasingHullAboveEveryPoint() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<RatePoint> points = new ArrayList<>();
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                double kbps = 50 + random.nextDouble() * 6000;
                double quality = 100 * (1 - Math.exp(-kbps / 1500)) + random.nextGaussian() * 8;
                points.add(new RatePoint("p" + i, 720, kbps, quality));
            }
            List<RatePoint> hull = ConvexHull.upper(points);
            assertTrue(points.containsAll(hull));
            for (int i = 1; i < hull.size(); i++) {
                assertTrue(hull.get(i).kbps() > hull.get(i - 1).kbps());
                assertTrue(hull.get(i).quality() > hull.get(i - 1).quality());
                if (i > 1) {
                    assertTrue(ConvexHull.slope(hull.get(i - 1), hull.get(i))
                            < ConvexHull.slope(hull.get(i - 2), hull.get(i - 1)));
                }
            }
            // No input point within the hull's bitrate span lies above it.
            for (RatePoint p : points) {
                for (int i = 1; i < hull.size(); i++) {
                    RatePoint a = hull.get(i - 1);
                    RatePoint b = hull.get(i);
                    if (p.kbps() >= a.kbps() && p.kbps() <= b.kbps()) {
                        double line = a.quality() + ConvexHull.slope(a, b) * (p.kbps() - a.kbps());
                        assertTrue(p.quality() <= line + 1e-9, p + " above hull segment " + a + " - " + b);
                    }
                }
            }
        }
    }
}
