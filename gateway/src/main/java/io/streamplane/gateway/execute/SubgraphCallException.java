package io.streamplane.gateway.execute;

/** A subgraph request that produced no GraphQL response; {@code code} goes to the client error's extensions. */
public final class SubgraphCallException extends RuntimeException {
  private final String code;

  public SubgraphCallException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
