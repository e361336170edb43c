package io.streamplane.oca.fill;

import io.streamplane.oca.store.ContentPath;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One asset to pull into the store, with the sources to try in order and what it must be once there. */
public record FillAsset(ContentPath path, List<URI> sources, long sizeBytes, String sha256Hex) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public FillAsset {
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("an asset needs at least one source URL");
    }
    for (URI source : sources) {
      String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || source.getHost() == null) {
        throw new IllegalArgumentException("source URLs are absolute http(s) URLs: '" + source + "'");
      }
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
    sha256Hex = sha256Hex == null ? "" : sha256Hex.toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(sha256Hex).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 hex digits");
    }
  }
}
