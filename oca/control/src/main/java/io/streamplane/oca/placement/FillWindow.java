package io.streamplane.oca.placement;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The daily off-peak period in an appliance's time zone when it may be filled (fills compete with viewers for the
 * appliance's disk and uplink). A window may cross midnight, e.g. 02:00–06:00 or 22:00–04:00.
 */
public record FillWindow(LocalTime start, LocalTime end, ZoneId zone) {
  public FillWindow {
    if (start.equals(end)) {
      throw new IllegalArgumentException("a fill window needs a length; use ALWAYS for no restriction");
    }
  }

  public static final FillWindow ALWAYS = new FillWindow(LocalTime.MIN, LocalTime.MAX, ZoneId.of("UTC"));

  public boolean isOpen(Instant at) {
    LocalTime local = at.atZone(zone).toLocalTime();
    return start.isBefore(end)
        ? !local.isBefore(start) && local.isBefore(end)
        : !local.isBefore(start) || local.isBefore(end);
  }

  /** When the current window closes (fills carry it as their deadline), or the next one if it is closed now. */
  public Instant closesAt(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime close = local.with(end);
    if (!close.isAfter(local)) {
      close = close.plusDays(1);
    }
    return close.toInstant();
  }
}
