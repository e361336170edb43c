package io.streamplane.playback.play;

import io.streamplane.playback.manifest.Source;
import java.time.Instant;
import java.util.List;

/**
 * What a player receives: the session, ranked sources, the session's manifests (inline and at URLs), the licence URL
 * (carrying the session token) and how often to heartbeat.
 */
public record StartedPlayback(String sessionId, String titleId, String episodeId, List<Source> sources,
    String dashManifest, String hlsManifest, String dashUrl, String hlsUrl, String licenseUrl, String keySystem,
    int maxHeight, Instant leaseExpiresAt, int heartbeatIntervalSeconds) {}
