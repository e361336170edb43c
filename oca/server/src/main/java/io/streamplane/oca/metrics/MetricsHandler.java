package io.streamplane.oca.metrics;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** {@code GET /metrics}: the appliance's counters for Prometheus scraping. */
public final class MetricsHandler implements HttpHandler {

  private final ServingMetrics metrics;

  public MetricsHandler(ServingMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(metrics.render());
  }
}
