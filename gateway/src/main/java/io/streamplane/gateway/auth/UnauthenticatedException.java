package io.streamplane.gateway.auth;

/** The request's credentials are unacceptable; the message is safe to show to the client. */
public final class UnauthenticatedException extends Exception {
  public UnauthenticatedException(String message) {
    super(message, null, false, false);
  }
}
