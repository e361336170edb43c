package io.streamplane.identity.account;

import java.time.Instant;
import java.util.UUID;

/** A paying member: signs in with an email and a password; owns up to five profiles. */
public record Account(UUID id, String email, String country, Instant createdAt, int profileCount) {}
