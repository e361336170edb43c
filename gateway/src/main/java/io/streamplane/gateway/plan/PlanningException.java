package io.streamplane.gateway.plan;

/** The operation cannot be resolved by the subgraphs of the supergraph (a composition bug or an unsatisfiable field). */
public final class PlanningException extends RuntimeException {

  public PlanningException(String message) {
    super(message);
  }
}
