package io.streamplane.registry.access;

import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may change a graph's live supergraph. Tokens are configured per graph ({@code main=...}, good for every subgraph
 * of it and for rollbacks) or per subgraph ({@code main/catalog=...}, only that subgraph's publishes). With no token
 * configured at all the registry is open, which is what the local stack runs; as soon as one is configured, every
 * publish and rollback needs a matching token, and a graph without one cannot be changed. Checks and reads stay
 * open: they change nothing.
 */
public final class PublishTokens {
  private final Map<String, byte[]> tokens;

  private PublishTokens(Map<String, byte[]> tokens) {
    this.tokens = tokens;
  }

  /**
   * @param config comma-separated {@code graph=token} and {@code graph/subgraph=token} entries; blank for an open
   *               registry
   */
  public static PublishTokens parse(String config) {
    Map<String, byte[]> tokens = new TreeMap<>();
    if (config != null) {
      for (String entry : config.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String scope = eq < 0 ? "" : entry.substring(0, eq).trim();
        String token = eq < 0 ? "" : entry.substring(eq + 1).trim();
        if (!scope.matches("[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62})?") || token.length() < 8) {
          throw new IllegalArgumentException("streamplane.registry.publish-tokens entries are graph=token or "
              + "graph/subgraph=token with a token of at least 8 characters; got '" + scope + "=...'");
        }
        tokens.put(scope, token.getBytes(StandardCharsets.UTF_8));
      }
    }
    return new PublishTokens(tokens);
  }

  public boolean open() {
    return tokens.isEmpty();
  }

  /** Refuses a publish of {@code subgraph} unless {@code presented} is its token or its graph's. */
  public void authorizePublish(String graph, String subgraph, String presented) {
    authorize(graph, presented, tokens.get(graph + "/" + subgraph), "publish subgraph " + subgraph + " of graph "
        + graph);
  }

  /** Refuses a rollback unless {@code presented} is the graph's token: subgraph tokens cannot roll a graph back. */
  public void authorizeRollback(String graph, String presented) {
    authorize(graph, presented, null, "roll back graph " + graph);
  }

  private void authorize(String graph, String presented, byte[] subgraphToken, String action) {
    if (open()) {
      return;
    }
    byte[] graphToken = tokens.get(graph);
    if (graphToken == null && subgraphToken == null) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "no publish token is configured that allows to " + action
          + ": ask the registry's operators for one");
    }
    if (presented == null || presented.isBlank()) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "a publish token is required to " + action
          + " (HTTP: Authorization: Bearer <token>; gRPC: authorization metadata)");
    }
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    // constant-time comparisons: the time taken does not tell how much of a guess was right
    boolean matches = graphToken != null && MessageDigest.isEqual(graphToken, given);
    matches |= subgraphToken != null && MessageDigest.isEqual(subgraphToken, given);
    if (!matches) {
      throw new ServiceException(ErrorCode.UNAUTHENTICATED, "the publish token does not allow to " + action);
    }
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, or null. */
  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
  }
}
