package io.streamplane.oca.fleet;

/** What an appliance last reported about itself. {@code load} is 0..1 of its serving capacity. */
public record Health(double load, long storedBytes, double errorRate, boolean draining) {
  public static final Health UNKNOWN = new Health(0, 0, 0, false);
}
