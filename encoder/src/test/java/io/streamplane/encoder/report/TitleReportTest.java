package io.streamplane.encoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.ladder.RatePoint;
import io.streamplane.encoder.ladder.Shot;
import io.streamplane.encoder.ladder.ShotOptimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TitleReportTest {

    private static Shot shot(String id, double scale) {
        return new Shot(id, 3, List.of(
                new RatePoint("240p crf30", 240, 100 * scale, 40), new RatePoint("360p crf26", 360, 300 * scale, 65),
                new RatePoint("720p crf26", 720, 1200 * scale, 85), new RatePoint("720p crf20", 720, 3000 * scale, 93)));
    }

    private final List<Shot> shots = List.of(shot("calm", 0.5), shot("busy", 2.0));
    private final List<RatePoint> fixed = List.of(new RatePoint("235k 240p", 240, 235, 35),
            new RatePoint("1050k 480p", 480, 1050, 70), new RatePoint("3000k 720p", 720, 3000, 88));

    @Test
    void markdownHasOneRowPerRungAndShotAndTheSaving(@TempDir Path dir) throws Exception {
        TitleReport report = new TitleReport("demo", shots, new ShotOptimizer(shots).ladder(4, 0), fixed);
        String md = report.markdown();
        long rungRows = md.lines().filter(l -> l.matches("\\| \\d \\| .*")).count();
        assertEquals(report.ladderPoints().size(), rungRows);
        assertTrue(md.contains("| calm | 3.00 | 4 |"), md);
        assertTrue(md.contains("| busy | 3.00 | 4 |"), md);
        assertTrue(md.contains("BD-rate against the fixed ladder: -"), md);
        report.writeTo(dir);
        assertTrue(Files.readString(dir.resolve(TitleReport.CHART)).startsWith("<svg"));
        assertEquals(md, Files.readString(dir.resolve(TitleReport.MARKDOWN)));
    }

    @Test
    void explainsWhenNoSavingCanBeComputed() {
        TitleReport noFixed = new TitleReport("t", shots, new ShotOptimizer(shots).ladder(3, 0), List.of());
        assertTrue(noFixed.savingText().startsWith("no BD-rate"));
        List<RatePoint> disjoint = List.of(new RatePoint("a", 1080, 9000, 98), new RatePoint("b", 1080, 12000, 99));
        TitleReport apart = new TitleReport("t", shots, new ShotOptimizer(shots).ladder(3, 0), disjoint);
        assertTrue(apart.savingText().contains("share no quality range"), apart.savingText());
    }
}
