package io.streamplane.identity.history;

import java.time.Instant;
import java.util.UUID;

/** How far a profile got in a title; {@code episodeId} is null for a movie. */
public record ViewingRecord(UUID profileId, String titleId, String episodeId, long positionMs, long durationMs,
    Instant updatedAt) {}
