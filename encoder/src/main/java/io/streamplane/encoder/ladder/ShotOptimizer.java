package io.streamplane.encoder.ladder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-shot encode selection with one common slope across shots, in the spirit of Netflix's dynamic optimizer: each
 * shot takes the point of its convex hull that maximises {@code quality - slope * kbps}, so a kbit/s is spent in the
 * shot where it buys the most quality. Sweeping the slope from steep to flat walks the title's own rate-quality hull;
 * a bitrate budget picks the allocation on that walk that still fits.
 *
 * <p>Title bitrate and quality are averages over the shots weighted by their durations.
 */
public final class ShotOptimizer {

    private final List<Shot> shots;
    private final List<List<RatePoint>> hulls;
    private final double totalSeconds;

    public ShotOptimizer(List<Shot> shots) {
        if (shots.isEmpty()) {
            throw new IllegalArgumentException("a title needs at least one shot");
        }
        this.shots = List.copyOf(shots);
        this.hulls = shots.stream().map(s -> ConvexHull.upper(s.candidates())).toList();
        this.totalSeconds = shots.stream().mapToDouble(Shot::seconds).sum();
    }

    public List<RatePoint> hull(int shot) {
        return hulls.get(shot);
    }

    /** Every shot at the choice that maximises quality - slope * kbps on its hull (ties go to fewer bits). */
    public Allocation atSlope(double slope) {
        int[] index = new int[shots.size()];
        for (int s = 0; s < shots.size(); s++) {
            List<RatePoint> hull = hulls.get(s);
            int best = 0;
            for (int i = 1; i < hull.size(); i++) {
                double gain = hull.get(i).quality() - slope * hull.get(i).kbps();
                double bestGain = hull.get(best).quality() - slope * hull.get(best).kbps();
                if (gain > bestGain) {
                    best = i;
                }
            }
            index[s] = best;
        }
        return allocation(index, slope);
    }

    /**
     * The title's rate-quality hull: starting with every shot at its cheapest hull point, upgrades are applied one
     * hull segment at a time in order of decreasing slope. Each step is the common-slope allocation for that slope.
     */
    public List<Allocation> titleHull() {
        List<Upgrade> upgrades = upgrades();
        int[] index = new int[shots.size()];
        List<Allocation> path = new ArrayList<>(upgrades.size() + 1);
        path.add(allocation(index, Double.POSITIVE_INFINITY));
        for (Upgrade u : upgrades) {
            index[u.shot()]++;
            path.add(allocation(index, u.slope()));
        }
        return List.copyOf(path);
    }

    /**
     * The best common-slope allocation whose average bitrate stays within {@code kbps}; the cheapest allocation when
     * even that exceeds the budget.
     */
    public Allocation forBudget(double kbps) {
        List<Allocation> path = titleHull();
        Allocation best = path.get(0);
        for (Allocation a : path) {
            if (a.kbps() <= kbps) {
                best = a;
            } else {
                break;
            }
        }
        return best;
    }

    /**
     * A ladder of at most {@code rungs} allocations whose bitrates are spread evenly in log scale between the
     * title hull's cheapest point and the point where extra bits stop buying at least {@code minSlope} quality per
     * kbit/s (use 0 for the best quality available). Duplicates (budgets landing on the same allocation) are merged.
     */
    public List<Allocation> ladder(int rungs, double minSlope) {
        if (rungs < 1) {
            throw new IllegalArgumentException("a ladder needs at least one rung");
        }
        List<Allocation> path = titleHull();
        Allocation low = path.get(0);
        Allocation high = low;
        for (Allocation a : path) {
            if (a.slope() >= minSlope) {
                high = a;
            }
        }
        List<Allocation> out = new ArrayList<>();
        for (int r = 0; r < rungs; r++) {
            double t = rungs == 1 ? 1.0 : (double) r / (rungs - 1);
            double budget = Math.exp(Math.log(low.kbps()) + t * (Math.log(high.kbps()) - Math.log(low.kbps())));
            // A whisker of headroom so a budget equal to a hull point's own bitrate selects that point.
            Allocation a = forBudget(budget * (1 + 1e-9));
            if (out.isEmpty() || out.get(out.size() - 1).kbps() != a.kbps()) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private record Upgrade(int shot, int step, double slope) {
    }

    /** All hull segments of all shots, steepest first; within a shot slopes already decrease along the hull. */
    private List<Upgrade> upgrades() {
        List<Upgrade> out = new ArrayList<>();
        for (int s = 0; s < shots.size(); s++) {
            List<RatePoint> hull = hulls.get(s);
            for (int i = 1; i < hull.size(); i++) {
                out.add(new Upgrade(s, i, ConvexHull.slope(hull.get(i - 1), hull.get(i))));
            }
        }
        out.sort(Comparator.comparingDouble(Upgrade::slope).reversed()
                .thenComparingInt(Upgrade::shot).thenComparingInt(Upgrade::step));
        return out;
    }

    private Allocation allocation(int[] index, double slope) {
        List<RatePoint> choices = new ArrayList<>(index.length);
        double bits = 0;
        double quality = 0;
        for (int s = 0; s < index.length; s++) {
            RatePoint p = hulls.get(s).get(index[s]);
            choices.add(p);
            bits += p.kbps() * shots.get(s).seconds();
            quality += p.quality() * shots.get(s).seconds();
        }
        return new Allocation(choices, bits / totalSeconds, quality / totalSeconds, slope);
    }
}
