package io.streamplane.gateway.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Automatic persisted queries: a client first sends only the sha256 of its query; when the gateway does not know it
 * yet, the client sends hash and text once and later requests carry the hash alone. Query texts are bounded in
 * number (the store is emptied when full) and in size (by the document limit checked before they are stored).
 */
final class PersistedQueries {

  private static final int MAX_QUERIES = 4096;

  private final Map<String, String> byHash = new ConcurrentHashMap<>();

  /** The stored text of {@code hash}, or null when it was never registered (or was evicted). */
  String find(String hash) {
    return byHash.get(hash.toLowerCase());
  }

  /** Stores {@code query} under {@code hash}; false when the hash is not the query's sha256. */
  boolean register(String hash, String query) {
    if (!sha256(query).equalsIgnoreCase(hash)) {
      return false;
    }
    if (byHash.size() >= MAX_QUERIES) {
      byHash.clear();
    }
    byHash.put(hash.toLowerCase(), query);
    return true;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
