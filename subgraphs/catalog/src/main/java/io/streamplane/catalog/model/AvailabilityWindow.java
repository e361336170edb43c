package io.streamplane.catalog.model;

import java.time.Instant;

/** A licence window in one country; {@code until} null means open-ended. */
public record AvailabilityWindow(String country, Instant from, Instant until) {
  public boolean covers(String country, Instant at) {
    return this.country.equals(country) && !at.isBefore(from) && (until == null || at.isBefore(until));
  }
}
