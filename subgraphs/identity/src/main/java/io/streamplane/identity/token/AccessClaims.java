package io.streamplane.identity.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an access token says about its bearer; {@code profile} is null until a profile is selected. */
public record AccessClaims(UUID account, UUID profile, String country, List<String> roles, UUID session,
    Instant expiresAt) {}
