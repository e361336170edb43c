package io.streamplane.playback.play;

/** What identity says a profile may watch (see identity's GetEntitlement). */
public record Entitlement(String plan, int maxConcurrentStreams, int maxHeight, boolean hdr, int maturityLimit,
    boolean subscriptionActive) {}
