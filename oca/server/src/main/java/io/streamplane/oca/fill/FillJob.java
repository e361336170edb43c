package io.streamplane.oca.fill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A fill command: assets, the end of the fill window, and a bandwidth cap for the whole fill (0 = none). */
public record FillJob(String fillId, List<FillAsset> assets, Optional<Instant> deadline, long bandwidthCapBytesPerSecond) {

  public FillJob {
    assets = List.copyOf(assets);
    if (bandwidthCapBytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidth cap must not be negative");
    }
  }

  public long totalBytes() {
    return assets.stream().mapToLong(FillAsset::sizeBytes).sum();
  }
}
