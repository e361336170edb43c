package io.streamplane.catalog.model;

import java.time.Instant;
import java.util.List;

/** The encoded media of a title; {@code keyId} is the CENC default key id (hex) when the media is encrypted. */
public record TitleAssets(String titleId, List<MediaAsset> assets, String keyId, Instant updatedAt) {
  public TitleAssets {
    assets = List.copyOf(assets);
  }
}
