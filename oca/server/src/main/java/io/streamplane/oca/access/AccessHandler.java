package io.streamplane.oca.access;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.serve.ErrorResponses;
import io.streamplane.oca.serve.SegmentHandler;
import io.streamplane.oca.store.ContentPath;
import io.streamplane.oca.store.InvalidContentPathException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The access checks in front of the content: the client must be inside the advertised prefixes (directed cache), the
 * path must follow the content layout, and the URL must carry a valid token for that path and client:
 * {@code /s/<token>/titles/<titleId>/<path>}. Refusals are a bare 403; the reason only goes to the metrics.
 */
public final class AccessHandler implements HttpHandler {

  public static final String TOKEN_PATH_PREFIX = "/s/";

  private final AdvertisedPrefixes prefixes;
  private final UrlSigner signer;
  private final ServingMetrics metrics;
  private final HttpHandler next;

  public AccessHandler(AdvertisedPrefixes prefixes, UrlSigner signer, ServingMetrics metrics, HttpHandler next) {
    this.prefixes = prefixes;
    this.signer = signer;
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    InetAddress client = ((InetSocketAddress) exchange.getSourceAddress()).getAddress();
    if (!prefixes.contains(client)) {
      deny(exchange, "outside_prefixes");
      return;
    }
    // Raw, not percent-decoded: the server runs with URL decoding off.
    String rawPath = exchange.getRequestPath();
    int tokenEnd = rawPath.indexOf('/', TOKEN_PATH_PREFIX.length());
    if (!rawPath.startsWith(TOKEN_PATH_PREFIX) || tokenEnd < 0) {
      deny(exchange, "no_token");
      return;
    }
    String contentPath = rawPath.substring(tokenEnd);
    ContentPath path;
    try {
      path = ContentPath.parseRequestPath(contentPath);
    } catch (InvalidContentPathException e) {
      metrics.recordDenied("bad_path");
      ErrorResponses.send(exchange, 400, e.code(), e.getMessage());
      return;
    }
    UrlSigner.Verdict verdict = signer.verify(rawPath.substring(TOKEN_PATH_PREFIX.length(), tokenEnd), contentPath,
        client);
    if (!verdict.accepted()) {
      deny(exchange, "token_" + verdict.rejection().name().toLowerCase(Locale.ROOT));
      return;
    }
    exchange.putAttachment(SegmentHandler.CONTENT_PATH, path);
    next.handleRequest(exchange);
  }

  private void deny(HttpServerExchange exchange, String reason) {
    metrics.recordDenied(reason);
    ErrorResponses.forbidden(exchange);
  }
}
