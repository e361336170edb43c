package io.streamplane.playback.license;

/** How many licence requests a session may make per minute, counted across every replica. */
public interface LicenseRateLimiter {
  boolean tryAcquire(String sessionId);
}
