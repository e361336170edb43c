package io.streamplane.oca.store;

/** A path outside the documented content layout; {@link #code()} is stable for clients and the control plane. */
public final class InvalidContentPathException extends IllegalArgumentException {

  private final String code;

  public InvalidContentPathException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
