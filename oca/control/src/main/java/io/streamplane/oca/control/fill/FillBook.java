package io.streamplane.oca.control.fill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fill progress per appliance and title: what is being filled, bytes done, failures and when a failed title may be
 * tried again. One Fill call per appliance at a time. Every change is returned so the caller can persist it.
 */
public final class FillBook {

  /** Where a title's fill on one appliance stands. */
  public enum State {
    /** A Fill carrying the title's missing files is running. */
    FILLING,
    /** Every file of the last Fill arrived. */
    DONE,
    /** Some file failed; retried after the backoff. */
    FAILED,
    /** The fill window ended first (or the fill was cancelled): resumes in the next window, no backoff. */
    PAUSED
  }

  /**
   * @param lastError stable error code and message of the last failed file, empty when none
   * @param nextAttemptAt before this instant the title is not filled again on this appliance
   */
  public record TitleFill(String applianceId, String titleId, State state, long bytesDone, long bytesTotal,
      int failures, Instant nextAttemptAt, String lastError, Instant updatedAt) {

    TitleFill with(State state, long bytesDone, int failures, Instant nextAttemptAt, String lastError, Instant now) {
      return new TitleFill(applianceId, titleId, state, bytesDone, bytesTotal, failures, nextAttemptAt, lastError, now);
    }
  }

  private record Key(String applianceId, String titleId) {}

  private final Backoff backoff;
  private final Map<Key, TitleFill> fills = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  /** @param restored progress persisted by a previous run; titles it shows as FILLING are treated as paused */
  public FillBook(Backoff backoff, Collection<TitleFill> restored) {
    this.backoff = backoff;
    for (TitleFill fill : restored) {
      TitleFill carried = fill.state() == State.FILLING
          ? fill.with(State.PAUSED, fill.bytesDone(), fill.failures(), fill.nextAttemptAt(), fill.lastError(),
              fill.updatedAt())
          : fill;
      fills.put(new Key(fill.applianceId(), fill.titleId()), carried);
    }
  }

  public synchronized boolean inFlight(String applianceId) {
    return inFlight.contains(applianceId);
  }

  /** Whether a failed title must still wait before it is filled again on this appliance. */
  public synchronized boolean waiting(String applianceId, String titleId, Instant now) {
    TitleFill fill = fills.get(new Key(applianceId, titleId));
    return fill != null && fill.state() == State.FAILED && fill.nextAttemptAt().isAfter(now);
  }

  /** A Fill for these titles (title → bytes it carries) starts on the appliance. */
  public synchronized List<TitleFill> start(String applianceId, Map<String, Long> bytesByTitle, Instant now) {
    inFlight.add(applianceId);
    List<TitleFill> changed = new ArrayList<>();
    bytesByTitle.forEach((titleId, bytes) -> {
      TitleFill previous = fills.get(new Key(applianceId, titleId));
      int failures = previous == null ? 0 : previous.failures();
      TitleFill fill = new TitleFill(applianceId, titleId, State.FILLING, 0, bytes, failures, now, "", now);
      fills.put(new Key(applianceId, titleId), fill);
      changed.add(fill);
    });
    return changed;
  }

  /** A file of the title is in the appliance's store (copied or already there); returns the title's progress. */
  public synchronized Optional<TitleFill> fileDone(String applianceId, String titleId, long bytes, Instant now) {
    return Optional.ofNullable(fills.computeIfPresent(new Key(applianceId, titleId), (k, f) ->
        f.with(f.state(), f.bytesDone() + bytes, f.failures(), f.nextAttemptAt(), f.lastError(), now)));
  }

  /** A file of the title failed with a stable code; the title's outcome is decided when the Fill ends. */
  public synchronized Optional<TitleFill> fileFailed(String applianceId, String titleId, String errorCode,
      String message, Instant now) {
    return Optional.ofNullable(fills.computeIfPresent(new Key(applianceId, titleId), (k, f) ->
        f.with(f.state(), f.bytesDone(), f.failures(), f.nextAttemptAt(), errorCode + ": " + message, now)));
  }

  /** The Fill stream ended normally: each title is done, failed (backoff) or paused by its window. */
  public synchronized List<TitleFill> finish(String applianceId, Instant now) {
    inFlight.remove(applianceId);
    List<TitleFill> changed = new ArrayList<>();
    fills.replaceAll((key, f) -> {
      if (!key.applianceId().equals(applianceId) || f.state() != State.FILLING) {
        return f;
      }
      TitleFill next;
      if (f.lastError().isEmpty()) {
        next = f.with(State.DONE, f.bytesTotal(), 0, now, "", now);
      } else if (f.lastError().startsWith("DEADLINE_EXCEEDED") || f.lastError().startsWith("CANCELLED")) {
        next = f.with(State.PAUSED, f.bytesDone(), f.failures(), now, f.lastError(), now);
      } else {
        next = failed(f, f.lastError(), now);
      }
      changed.add(next);
      return next;
    });
    return changed;
  }

  /** The Fill call itself failed (appliance unreachable, stream broken): every title it carried is retried later. */
  public synchronized List<TitleFill> failAll(String applianceId, String error, Instant now) {
    inFlight.remove(applianceId);
    List<TitleFill> changed = new ArrayList<>();
    fills.replaceAll((key, f) -> {
      if (!key.applianceId().equals(applianceId) || f.state() != State.FILLING) {
        return f;
      }
      TitleFill next = failed(f, error, now);
      changed.add(next);
      return next;
    });
    return changed;
  }

  private TitleFill failed(TitleFill f, String error, Instant now) {
    int failures = f.failures() + 1;
    return f.with(State.FAILED, f.bytesDone(), failures, now.plus(backoff.after(failures)), error, now);
  }

  /** Forgets titles evicted from an appliance. */
  public synchronized void forget(String applianceId, Collection<String> titleIds) {
    titleIds.forEach(t -> fills.remove(new Key(applianceId, t)));
  }

  public synchronized List<TitleFill> all() {
    return List.copyOf(fills.values());
  }
}
