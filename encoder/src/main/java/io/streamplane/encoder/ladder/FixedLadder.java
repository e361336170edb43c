package io.streamplane.encoder.ladder;

import java.util.List;

/**
 * The one-size-fits-all H.264 ladder Netflix used for every title before per-title encoding (published in its 2015
 * "Per-Title Encode Optimization" article): the baseline our per-title ladders are compared against.
 */
public final class FixedLadder {

    /** One rung: target bitrate in kbit/s and frame size. */
    public record Rung(int kbps, int width, int height) {
    }

    public static final List<Rung> CLASSIC = List.of(
            new Rung(235, 320, 240),
            new Rung(375, 384, 288),
            new Rung(560, 512, 384),
            new Rung(750, 512, 384),
            new Rung(1050, 640, 480),
            new Rung(1750, 720, 480),
            new Rung(2350, 1280, 720),
            new Rung(3000, 1280, 720),
            new Rung(4300, 1920, 1080),
            new Rung(5800, 1920, 1080));

    private FixedLadder() {
    }
}
