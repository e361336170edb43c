package io.streamplane.oca.serve;

/**
 * What a {@code Range} header asks of a representation of a known length (RFC 9110 §14). Multi-range requests are
 * answered with the whole body (200) when any range is satisfiable and with 416 otherwise: players never send them,
 * and multipart answers with overlapping ranges are an amplification vector.
 */
public sealed interface ByteRange {

  /** Serve the whole representation: no header, an unknown unit, invalid syntax, or several ranges. */
  record Whole() implements ByteRange {
  }

  /** Serve bytes {@code first..last} inclusive (206). */
  record Partial(long first, long last) implements ByteRange {
    public long length() {
      return last - first + 1;
    }
  }

  /** No requested range overlaps the representation (416 with {@code Content-Range: bytes *}{@code /length}). */
  record Unsatisfiable() implements ByteRange {
  }

  /** More ranges than this are not even parsed: the header is ignored. */
  int MAX_RANGES = 16;

  static ByteRange parse(String header, long length) {
    if (header == null) {
      return new Whole();
    }
    String value = header.trim();
    if (value.length() < 6 || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Whole();
    }
    String[] specs = value.substring(6).split(",", MAX_RANGES + 1);
    if (specs.length > MAX_RANGES) {
      return new Whole();
    }
    ByteRange single = null;
    boolean anySatisfiable = false;
    for (String spec : specs) {
      ByteRange range = parseSpec(spec.trim(), length);
      if (range == null) {
        return new Whole();
      }
      anySatisfiable |= range instanceof Partial;
      single = range;
    }
    if (specs.length == 1) {
      return single;
    }
    return anySatisfiable ? new Whole() : new Unsatisfiable();
  }

  /** One {@code first-last}, {@code first-} or {@code -suffix}; null when the syntax is invalid. */
  private static ByteRange parseSpec(String spec, long length) {
    int dash = spec.indexOf('-');
    if (dash < 0 || dash != spec.lastIndexOf('-')) {
      return null;
    }
    String firstText = spec.substring(0, dash).trim();
    String lastText = spec.substring(dash + 1).trim();
    if (firstText.isEmpty()) {
      long suffix = digits(lastText);
      if (suffix < 0) {
        return null;
      }
      if (suffix == 0 || length == 0) {
        return new Unsatisfiable();
      }
      return new Partial(Math.max(0, length - suffix), length - 1);
    }
    long first = digits(firstText);
    if (first < 0) {
      return null;
    }
    long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
    if (last < 0 || last < first) {
      return null;
    }
    if (first >= length) {
      return new Unsatisfiable();
    }
    return new Partial(first, Math.min(last, length - 1));
  }

  /** A non-negative decimal, saturating at Long.MAX_VALUE; -1 when not digits. */
  private static long digits(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
    }
    return value;
  }
}
