package io.streamplane.encoder.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotOptimizerTest {

    private static final int[] HEIGHTS = {240, 360, 480, 720, 1080};
    private static final double[] CRFS = {20, 26, 32};

    /** Synthetic rate-quality model: complex shots cost more bits and reach less quality; resolution caps quality. */
    private static Shot shot(String id, double seconds, double complexity) {
        List<RatePoint> points = new ArrayList<>();
        for (int height : HEIGHTS) {
            for (double crf : CRFS) {
                double kbps = Math.sqrt(complexity) * height * height / 400.0 * Math.pow(2, (26 - crf) / 6);
                double cap = 100 - 3000.0 / height;
                double quality = cap * (1 - Math.exp(-kbps / (complexity * 300)));
                points.add(new RatePoint(height + "p crf" + (int) crf, height, kbps, quality));
            }
        }
        return new Shot(id, seconds, points);
    }

    private final List<Shot> shots = List.of(shot("flat", 4, 0.3), shot("noisy", 3, 3.0), shot("mixed", 5, 1.0));
    private final ShotOptimizer optimizer = new ShotOptimizer(shots);

    @Test
    void titleHullIsIncreasingAndConcave() {
        List<Allocation> path = optimizer.titleHull();
        assertTrue(path.size() > shots.size());
        for (int i = 1; i < path.size(); i++) {
            assertTrue(path.get(i).kbps() > path.get(i - 1).kbps());
            assertTrue(path.get(i).quality() > path.get(i - 1).quality());
            if (i > 1) {
                assertTrue(slope(path.get(i - 1), path.get(i)) <= slope(path.get(i - 2), path.get(i - 1)) + 1e-12);
            }
        }
    }

    @Test
    void everyTitleHullPointIsTheBestPossibleMixAtItsBitrate() {
        // Brute force over every combination of hull points: nothing beats a common-slope allocation at its own bitrate.
        for (Allocation a : optimizer.titleHull()) {
            double best = bruteForceBest(a.kbps() * (1 + 1e-12));
            assertEquals(best, a.quality(), 1e-9, "at " + a.kbps() + " kbps");
        }
    }

    @Test
    void budgetIsRespectedAndHardShotsGetMoreBits() {
        Allocation a = optimizer.forBudget(1500);
        assertTrue(a.kbps() <= 1500);
        RatePoint flat = a.choices().get(0);
        RatePoint noisy = a.choices().get(1);
        assertTrue(noisy.kbps() > flat.kbps(), flat + " vs " + noisy);
        // The same allocation is what every shot picks independently at the common slope (just below the slope of the
        // last upgrade taken, where both ends of that segment would tie).
        assertEquals(a.choices(), optimizer.atSlope(a.slope() * (1 - 1e-9)).choices());
    }

    @Test
    void noSingleEncodeSettingForAllShotsRisesAboveTheTitleHull() {
        List<Allocation> path = optimizer.titleHull();
        for (int h : HEIGHTS) {
            for (double crf : CRFS) {
                String label = h + "p crf" + (int) crf;
                double bits = 0;
                double quality = 0;
                double seconds = 0;
                for (Shot s : shots) {
                    RatePoint p = s.candidates().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
                    bits += p.kbps() * s.seconds();
                    quality += p.quality() * s.seconds();
                    seconds += s.seconds();
                }
                double kbps = bits / seconds;
                if (kbps <= path.get(0).kbps() || kbps >= path.get(path.size() - 1).kbps()) {
                    continue;
                }
                assertTrue(quality / seconds <= hullQualityAt(path, kbps) + 1e-9, label);
            }
        }
    }

    @Test
    void ladderSpreadsRungsFromCheapestToBestQuality() {
        List<Allocation> ladder = optimizer.ladder(6, 0);
        List<Allocation> path = optimizer.titleHull();
        assertTrue(ladder.size() <= 6 && ladder.size() >= 4, "rungs " + ladder.size());
        assertEquals(path.get(0), ladder.get(0));
        assertEquals(path.get(path.size() - 1).quality(), ladder.get(ladder.size() - 1).quality(), 1e-12);
        for (int i = 1; i < ladder.size(); i++) {
            assertTrue(ladder.get(i).kbps() > ladder.get(i - 1).kbps());
            // Budgets landing on the same allocation are merged, so every rung adds quality.
            assertTrue(ladder.get(i).quality() > ladder.get(i - 1).quality());
        }
        // A minimum slope stops the ladder where extra bits buy too little.
        double top = optimizer.ladder(6, 0.01).get(optimizer.ladder(6, 0.01).size() - 1).kbps();
        assertTrue(top < ladder.get(ladder.size() - 1).kbps());
    }

    /** Linear interpolation between title hull points: the best quality any mix of encodes reaches at that rate. */
    private static double hullQualityAt(List<Allocation> path, double kbps) {
        for (int i = 1; i < path.size(); i++) {
            if (kbps <= path.get(i).kbps()) {
                return path.get(i - 1).quality() + slope(path.get(i - 1), path.get(i)) * (kbps - path.get(i - 1).kbps());
            }
        }
        throw new IllegalArgumentException("outside the hull");
    }

    private double bruteForceBest(double budget) {
        return search(0, 0, 0, budget);
    }

    private double search(int shot, double bits, double quality, double budget) {
        double total = shots.stream().mapToDouble(Shot::seconds).sum();
        if (shot == shots.size()) {
            return bits / total <= budget ? quality / total : Double.NEGATIVE_INFINITY;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (RatePoint p : optimizer.hull(shot)) {
            double seconds = shots.get(shot).seconds();
            best = Math.max(best, search(shot + 1, bits + p.kbps() * seconds, quality + p.quality() * seconds, budget));
        }
        return best;
    }

    private static double slope(Allocation a, Allocation b) {
        return (b.quality() - a.quality()) / (b.kbps() - a.kbps());
    }
}
