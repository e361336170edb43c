package io.streamplane.encoder.report;

import io.streamplane.encoder.ladder.Allocation;
import io.streamplane.encoder.ladder.BjontegaardDelta;
import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.RateQualityPlot;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.ladder.ShotOptimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report a job leaves next to its ladder: the ladder table with VMAF per rung, the per-shot choices, the fixed
 * ladder it is compared with and the BD-rate saving, and the rate-quality chart (candidates, title hull, both
 * ladders) as {@code rate-quality.svg}.
 */
public final class TitleReport {

    public static final String MARKDOWN = "report.md";
    public static final String CHART = "rate-quality.svg";

    private final String title;
    private final List<Shot> shots;
    private final ShotOptimizer optimizer;
    private final List<Allocation> ladder;
    private final List<RatePoint> fixed;

    /** {@code fixed} holds the measured (bitrate, VMAF) of the fixed-ladder encodes; it may be empty. */
    public TitleReport(String title, List<Shot> shots, List<Allocation> ladder, List<RatePoint> fixed) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("a report needs a ladder");
        }
        this.title = title;
        this.shots = List.copyOf(shots);
        this.optimizer = new ShotOptimizer(shots);
        this.ladder = List.copyOf(ladder);
        this.fixed = List.copyOf(fixed);
    }

    /** The ladder as rate-quality points, labelled "rung N". */
    public List<RatePoint> ladderPoints() {
        List<RatePoint> out = new ArrayList<>();
        for (int r = 0; r < ladder.size(); r++) {
            out.add(point("rung " + (r + 1), ladder.get(r)));
        }
        return out;
    }

    /** BD-rate of our ladder against the fixed one in percent, or an explanation why it cannot be computed. */
    public String savingText() {
        if (fixed.size() < 2) {
            return "no BD-rate: the fixed ladder needs at least 2 measured rungs";
        }
        try {
            double bd = BjontegaardDelta.ratePercent(fixed, ladderPoints());
            return String.format(Locale.ROOT, "BD-rate against the fixed ladder: %+.1f %% (%s)", bd,
                    bd < 0 ? "bits saved at equal VMAF" : "more bits at equal VMAF");
        } catch (IllegalArgumentException e) {
            return "no BD-rate: " + e.getMessage();
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Encoding report: ").append(title).append("\n\n## Ladder\n\n");
        md.append("| rung | kbit/s | VMAF | per-shot encodes |\n|---|---|---|---|\n");
        for (int r = 0; r < ladder.size(); r++) {
            Allocation a = ladder.get(r);
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %s |%n", r + 1, a.kbps(), a.quality(),
                    String.join(", ", a.choices().stream().map(RatePoint::label).toList())));
        }
        md.append("\n## Shots\n\n| shot | seconds | candidates | on its hull |\n|---|---|---|---|\n");
        for (int s = 0; s < shots.size(); s++) {
            Shot shot = shots.get(s);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %d | %s |%n", shot.id(), shot.seconds(),
                    shot.candidates().size(), String.join(", ", optimizer.hull(s).stream().map(p -> String.format(
                            Locale.ROOT, "%s (%.0f kbit/s, %.1f)", p.label(), p.kbps(), p.quality())).toList())));
        }
        if (!fixed.isEmpty()) {
            md.append("\n## Fixed ladder\n\n| rung | kbit/s | VMAF |\n|---|---|---|\n");
            for (RatePoint p : fixed) {
                md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f |%n", p.label(), p.kbps(), p.quality()));
            }
        }
        md.append('\n').append(savingText()).append("\n\n![rate-quality curves](").append(CHART).append(")\n");
        return md.toString();
    }

    public String chart() {
        List<RatePoint> candidates = new ArrayList<>();
        shots.forEach(s -> candidates.addAll(s.candidates()));
        List<RatePoint> hull = optimizer.titleHull().stream().map(a -> point("hull", a)).toList();
        List<RateQualityPlot.Series> series = new ArrayList<>(List.of(
                new RateQualityPlot.Series("shot candidates", "#bbbbbb", candidates, false, false),
                new RateQualityPlot.Series("title hull", "#1f77b4", hull, true, false),
                new RateQualityPlot.Series("optimised ladder", "#d62728", ladderPoints(), false, true)));
        if (!fixed.isEmpty()) {
            series.add(new RateQualityPlot.Series("fixed ladder", "#2ca02c", fixed, true, true));
        }
        return RateQualityPlot.svg(title, series);
    }

    /** Writes {@value #MARKDOWN} and {@value #CHART} into the folder. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown());
        Files.writeString(dir.resolve(CHART), chart());
    }

    private static RatePoint point(String label, Allocation a) {
        int top = a.choices().stream().mapToInt(RatePoint::height).max().orElse(0);
        return new RatePoint(label, top, a.kbps(), a.quality());
    }
}
