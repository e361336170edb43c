package io.streamplane.oca.placement;

import java.time.Instant;

/**
 * One title's encoded bytes and how much it is (or is expected to be) watched.
 *
 * @param availableFrom when viewers may start watching it; titles released soon are placed before that moment
 */
public record TitleDemand(String titleId, long sizeBytes, double popularity, Instant availableFrom) {
  public TitleDemand {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("title " + titleId + " has no bytes to place");
    }
  }
}
