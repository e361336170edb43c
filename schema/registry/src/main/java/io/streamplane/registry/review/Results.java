package io.streamplane.registry.review;

import io.streamplane.federation.compose.CompositionError;
import io.streamplane.federation.diff.SchemaChange;
import java.util.List;

/** What publish and check answer, in the shapes the API and the reviewers' page show. */
public final class Results {
  private Results() {}

  /** A composition error with where it is. */
  public record Problem(String code, String subgraph, String coordinate, String message, Integer line, Integer column) {
    static Problem of(CompositionError error) {
      return new Problem(error.code().name(), error.subgraph(), error.coordinate(), error.message(),
          error.location().map(CompositionError.Location::line).orElse(null),
          error.location().map(CompositionError.Location::column).orElse(null));
    }
  }

  /**
   * An operation seen by gateways that uses a changed field.
   *
   * @param estimated part of {@code count} scaled up from sampled usage reports
   */
  public record AffectedOperation(String operationName, String operationHash, long count, long estimated) {}

  /**
   * One classified change of the client schema; {@code effective} is the criticality after usage: a breaking change
   * no recorded operation uses is safe to ship.
   */
  public record Change(String code, String criticality, String effective, String coordinate, String message,
      List<AffectedOperation> affectedOperations, String note) {
    static Change of(SchemaChange change, String effective, List<AffectedOperation> affected, String note) {
      return new Change(change.code().name(), change.criticality().name(), effective, change.coordinate(),
          change.message(), affected, note);
    }
  }

  public enum Verdict {
    /** Composes and breaks no operation seen recently. */
    SAFE,
    /** Composes, but breaks operations clients ran recently. */
    BREAKING,
    /** Does not compose. */
    FAILED
  }

  public record CheckResult(String subgraph, Verdict verdict, List<Problem> compositionErrors, List<Change> changes,
      int usageWindowDays) {}

  public record PublishResult(String subgraph, boolean published, Integer version, List<Problem> compositionErrors,
      List<Change> changes, String note) {}
}
