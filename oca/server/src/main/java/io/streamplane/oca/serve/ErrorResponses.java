package io.streamplane.oca.serve;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Error answers: a stable code and a short message as JSON, never a stack trace; 403 carries no detail at all. */
public final class ErrorResponses {

  private ErrorResponses() {
  }

  public static void send(HttpServerExchange exchange, int status, String code, String message) {
    String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
        .replace("\"", "\\\"") + "\"}}";
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(body);
  }

  /** Refused access (token, client prefix): deliberately says nothing about which check failed. */
  public static void forbidden(HttpServerExchange exchange) {
    exchange.setStatusCode(403);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }
}
