package io.streamplane.identity.session;

import java.time.Duration;
import java.util.UUID;

/** What a sign-in, refresh or profile switch hands to the client. */
public record TokenPair(String accessToken, String refreshToken, Duration accessTtl, UUID account, UUID profile) {}
