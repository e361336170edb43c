package io.streamplane.encoder.ladder;

import java.util.List;

/**
 * One encode chosen per shot, in shot order, with the title-level result: duration-weighted average bitrate and
 * quality, and the common slope (quality per kbit/s) at which every choice was made.
 */
public record Allocation(List<RatePoint> choices, double kbps, double quality, double slope) {

    public Allocation {
        choices = List.copyOf(choices);
    }
}
