package io.streamplane.encoder.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BjontegaardDeltaTest {

    private static final List<RatePoint> REFERENCE = List.of(
            new RatePoint("r1", 240, 235, 40), new RatePoint("r2", 360, 560, 58), new RatePoint("r3", 480, 1050, 70),
            new RatePoint("r4", 720, 2350, 82), new RatePoint("r5", 1080, 5800, 93));

    @Test
    void constantBitrateFactorIsRecoveredExactly() {
        assertEquals(-20.0, BjontegaardDelta.ratePercent(REFERENCE, scaled(0.8)), 1e-9);
        assertEquals(25.0, BjontegaardDelta.ratePercent(REFERENCE, scaled(1.25)), 1e-9);
        assertEquals(0.0, BjontegaardDelta.ratePercent(REFERENCE, REFERENCE), 1e-12);
    }

    @Test
    void curvesSampledAtDifferentQualitiesOfTheSameShapeGiveTheirBitrateRatio() {
        // log10(kbps) = f(quality) smooth and increasing; test needs 30 % fewer bits everywhere.
        DoubleUnaryOperator logRate = q -> 2 + 1.5 * (q / 100) + 0.8 * Math.pow(q / 100, 3);
        List<RatePoint> ref = DoubleStream.of(35, 50, 65, 80, 95)
                .mapToObj(q -> new RatePoint("r", 720, Math.pow(10, logRate.applyAsDouble(q)), q)).toList();
        List<RatePoint> test = DoubleStream.of(30, 42, 61, 77, 88, 97)
                .mapToObj(q -> new RatePoint("t", 720, 0.7 * Math.pow(10, logRate.applyAsDouble(q)), q)).toList();
        assertEquals(-30.0, BjontegaardDelta.ratePercent(ref, test), 0.3);
    }

    @Test
    void shapePreservingSlopesAreZeroAtALocalExtremum() {
        double[] m = BjontegaardDelta.slopes(new double[] {0, 1, 2}, new double[] {0, 1, 0});
        assertEquals(0.0, m[1]);
    }

    @Test
    void unusableCurvesAreRejectedWithAReason() {
        List<RatePoint> high = List.of(new RatePoint("a", 720, 3000, 95), new RatePoint("b", 1080, 6000, 98));
        assertThrows(IllegalArgumentException.class, () -> BjontegaardDelta.ratePercent(REFERENCE, high));
        assertThrows(IllegalArgumentException.class, () -> BjontegaardDelta.ratePercent(REFERENCE, REFERENCE.subList(0, 1)));
        List<RatePoint> tie = List.of(new RatePoint("a", 720, 300, 50), new RatePoint("b", 1080, 600, 50));
        assertThrows(IllegalArgumentException.class, () -> BjontegaardDelta.ratePercent(REFERENCE, tie));
    }

    @Test
    void classicFixedLadderRunsFrom235KbpsAt240pTo5800KbpsAt1080p() {
        List<FixedLadder.Rung> ladder = FixedLadder.CLASSIC;
        assertEquals(10, ladder.size());
        assertEquals(new FixedLadder.Rung(235, 320, 240), ladder.get(0));
        assertEquals(new FixedLadder.Rung(5800, 1920, 1080), ladder.get(9));
        for (int i = 1; i < ladder.size(); i++) {
            assertEquals(true, ladder.get(i).kbps() > ladder.get(i - 1).kbps());
        }
    }

    private static List<RatePoint> scaled(double factor) {
        return REFERENCE.stream().map(p -> new RatePoint(p.label(), p.height(), p.kbps() * factor, p.quality())).toList();
    }
}
