package io.streamplane.playback.play;

/**
 * Identity's entitlement of a profile, for the caller's sign-in {@code sessionId} (null: not checked); throws
 * ServiceException (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED for a signed-out or revoked sign-in, UNAVAILABLE) when it
 * cannot.
 */
public interface Entitlements {
  Entitlement of(String accountId, String profileId, String sessionId);
}
