package io.streamplane.oca.serve;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.xnio.Options;

/**
 * The appliance's HTTP listener: HTTP/1.1 with keep-alive on plain connections, HTTP/2 (ALPN) and HTTP/1.1 when a TLS
 * context is given. Resource limits are applied at the connection level, before any handler runs.
 */
public final class SegmentServer implements AutoCloseable {

  private final Undertow undertow;

  public SegmentServer(String host, int port, HttpHandler root, ServerLimits limits, Optional<SSLContext> tls) {
    Undertow.Builder builder = Undertow.builder()
        .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .setWorkerThreads(4)
        .setHandler(root)
        // The raw path is checked against the content layout; decoding first would let %2e%2e through.
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, false)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeaderBytes())
        .setServerOption(UndertowOptions.MAX_HEADERS, limits.maxHeaders())
        .setServerOption(UndertowOptions.MAX_PARAMETERS, 16)
        .setServerOption(UndertowOptions.MAX_COOKIES, 16)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestParseTimeout().toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) limits.idleTimeout().toMillis())
        .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
        .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128)
        .setSocketOption(Options.WRITE_TIMEOUT, (int) limits.writeTimeout().toMillis())
        // Above the high-water mark the listener stops accepting until connections drop below the low-water mark.
        .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
        .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, limits.maxConnections() * 9 / 10));
    if (tls.isPresent()) {
      builder.setServerOption(UndertowOptions.ENABLE_HTTP2, true).addHttpsListener(port, host, tls.get());
    } else {
      builder.addHttpListener(port, host);
    }
    this.undertow = builder.build();
  }

  public SegmentServer start() {
    undertow.start();
    return this;
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  public long openConnections() {
    ConnectorStatistics statistics = undertow.getListenerInfo().get(0).getConnectorStatistics();
    return statistics == null ? 0 : statistics.getActiveConnections();
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
