package io.streamplane.oca.fill;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;

/**
 * An origin for fill tests: serves a folder with ranges (Undertow's resource handler) and records the Range header
 * of every request. Until {@code breakAfterBytes} is cleared it cuts every whole-file answer after that many bytes.
 */
final class OriginServer implements AutoCloseable {

  final List<String> rangesSeen = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  volatile long breakAfterBytes = -1;
  private final Undertow undertow;

  OriginServer(Path root) {
    var files = Handlers.resource(new PathResourceManager(root, 1024)).setDirectoryListingEnabled(false);
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
      requests.incrementAndGet();
      String range = exchange.getRequestHeaders().getFirst(Headers.RANGE);
      rangesSeen.add(range == null ? "" : range);
      if (breakAfterBytes >= 0 && range == null) {
        sendTruncated(exchange, root.resolve(exchange.getRelativePath().substring(1)));
        return;
      }
      files.handleRequest(exchange);
    }).build();
    undertow.start();
  }

  private void sendTruncated(HttpServerExchange exchange, Path file) throws IOException {
    byte[] all = java.nio.file.Files.readAllBytes(file);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, all.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(all, 0, (int) breakAfterBytes), new IoCallback() {
      @Override
      public void onComplete(HttpServerExchange done, Sender sender) {
        IoUtils.safeClose(done.getConnection());
      }

      @Override
      public void onException(HttpServerExchange failed, Sender sender, IOException exception) {
        IoUtils.safeClose(failed.getConnection());
      }
    });
  }

  URI url(String path) {
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
