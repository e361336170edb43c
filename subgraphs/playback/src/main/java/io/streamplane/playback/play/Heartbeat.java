package io.streamplane.playback.play;

/**
 * One player heartbeat: where it is and how playback goes (quality-of-experience figures, all optional: null when the
 * player does not report them).
 */
public record Heartbeat(String sessionId, long positionMs, Long durationMs, Long bitrateBps, Integer height,
    Long rebufferMs, Long droppedFrames) {}
