package io.streamplane.gateway.auth;

import java.util.List;

/** Who an access token says its bearer is; {@code profile} is null before a profile was selected. */
public record VerifiedCaller(String account, String profile, String country, List<String> roles) {}
