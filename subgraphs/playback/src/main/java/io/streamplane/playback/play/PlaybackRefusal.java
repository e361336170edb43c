package io.streamplane.playback.play;

import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;

/**
 * A refusal with a stable, specific reason on top of the general code (GraphQL: {@code extensions.code} and
 * {@code extensions.reason}; licence endpoint: {@code error.code} and {@code error.reason}).
 */
public final class PlaybackRefusal extends ServiceException {
  private final String reason;

  public PlaybackRefusal(ErrorCode code, String reason, String message) {
    super(code, message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
