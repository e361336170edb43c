package io.streamplane.playback.lease;

/** A held stream slot: account {@code accountId}'s slot {@code slot} belongs to {@code sessionId}. */
public record Lease(String accountId, int slot, String sessionId) {}
