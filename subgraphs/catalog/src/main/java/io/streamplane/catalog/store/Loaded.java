package io.streamplane.catalog.store;

/**
 * The outcome of looking up one key: found, absent, or unknown because the store could not be reached (and the cache
 * did not have it).
 */
public record Loaded<T>(T value, boolean unavailable) {
  private static final Loaded<?> ABSENT = new Loaded<>(null, false);
  private static final Loaded<?> UNAVAILABLE = new Loaded<>(null, true);

  public static <T> Loaded<T> found(T value) {
    return new Loaded<>(value, false);
  }

  @SuppressWarnings("unchecked")
  public static <T> Loaded<T> absent() {
    return (Loaded<T>) ABSENT;
  }

  @SuppressWarnings("unchecked")
  public static <T> Loaded<T> storeUnavailable() {
    return (Loaded<T>) UNAVAILABLE;
  }
}
