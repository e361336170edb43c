package io.streamplane.gateway.request;

/**
 * Limits checked before validation and planning, so hostile documents are rejected cheaply.
 *
 * @param maxFields fields of the largest operation with every fragment spread expanded: bounds the work of
 *                  validation, planning and result shaping (a few nested fragments spread twice each would otherwise
 *                  multiply into millions of fields)
 */
public record RequestLimits(int maxDocumentChars, int maxTokens, int maxDepth, int maxAliases, int maxFields) {

  public static RequestLimits defaults() {
    return new RequestLimits(100_000, 15_000, 64, 100, 20_000);
  }
}
