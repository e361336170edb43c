package io.streamplane.federation.supergraph;

/** A supergraph that cannot be served; {@code code} is stable, the message is meant for the operator. */
public final class SupergraphException extends RuntimeException {
  private final String code;

  public SupergraphException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
