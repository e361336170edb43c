package io.streamplane.encoder.ladder;

import java.util.List;

/** A shot (scene-aligned chunk) of a title with its candidate encodes; bitrates are the shot's own average. */
public record Shot(String id, double seconds, List<RatePoint> candidates) {

    public Shot {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("shot " + id + " must last a positive time, got " + seconds);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("shot " + id + " has no candidate encodes");
        }
        candidates = List.copyOf(candidates);
    }
}
