package io.streamplane.identity.token;

import java.time.Instant;
import java.util.UUID;

/** A refresh token names its session and the session generation it was issued for. */
public record RefreshClaims(UUID session, UUID account, int generation, Instant expiresAt) {}
