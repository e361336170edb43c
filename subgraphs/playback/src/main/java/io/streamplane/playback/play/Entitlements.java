package io.streamplane.playback.play;

/** Identity's entitlement of a profile; throws ServiceException (NOT_FOUND, FORBIDDEN, UNAVAILABLE) when it cannot. */
public interface Entitlements {
  Entitlement of(String accountId, String profileId);
}
