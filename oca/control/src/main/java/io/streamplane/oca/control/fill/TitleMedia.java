package io.streamplane.oca.control.fill;

import io.streamplane.oca.placement.TitleDemand;
import java.time.Instant;
import java.util.List;

/**
 * A title the fleet can hold: its fillable files (from the catalog's assets) and its demand (popularity, release).
 */
public record TitleMedia(String titleId, List<MediaFile> files, double popularity, Instant availableFrom) {
  public TitleMedia {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("title " + titleId + " has no fillable files");
    }
  }

  public long totalBytes() {
    return files.stream().mapToLong(MediaFile::sizeBytes).sum();
  }

  public TitleDemand demand() {
    return new TitleDemand(titleId, totalBytes(), popularity, availableFrom);
  }
}
