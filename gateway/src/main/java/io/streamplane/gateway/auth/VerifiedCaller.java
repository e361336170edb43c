package io.streamplane.gateway.auth;

import java.util.List;

/**
 * Who an access token says its bearer is; {@code profile} is null before a profile was selected. {@code session} is
 * the sign-in the token belongs to (its {@code sid}), which subgraphs check for revocation.
 */
public record VerifiedCaller(String account, String profile, String country, List<String> roles, String session) {}
