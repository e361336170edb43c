package io.streamplane.oca.serve;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends a region of a file without copying it through the heap: {@link StreamSinkChannel#transferFrom} ends in
 * {@link FileChannel#transferTo} (sendfile) on plain HTTP/1.1 connections. Non-blocking: when the socket is full the
 * transfer waits for a write-ready event instead of holding a thread.
 */
final class FileTransfer implements ChannelListener<StreamSinkChannel> {

  private final HttpServerExchange exchange;
  private final FileChannel file;
  private long position;
  private long remaining;

  private FileTransfer(HttpServerExchange exchange, FileChannel file, long position, long count) {
    this.exchange = exchange;
    this.file = file;
    this.position = position;
    this.remaining = count;
  }

  /** Starts sending {@code count} bytes from {@code position}; the file is closed when the exchange ends. */
  static void start(HttpServerExchange exchange, FileChannel file, long position, long count) {
    exchange.addExchangeCompleteListener((done, next) -> {
      IoUtils.safeClose(file);
      next.proceed();
    });
    new FileTransfer(exchange, file, position, count).handleEvent(exchange.getResponseChannel());
  }

  @Override
  public void handleEvent(StreamSinkChannel out) {
    try {
      while (remaining > 0) {
        // Some conduits (the first write, while the response head is still pending) read from the channel's own
        // position instead of the one passed in: keep both the same.
        file.position(position);
        long sent = out.transferFrom(file, position, remaining);
        if (sent == 0 && position >= file.size()) {
          // The file got shorter under us; the promised length cannot be sent, so end the connection.
          throw new IOException("file truncated while being sent");
        }
        if (sent == 0) {
          out.getWriteSetter().set(this);
          out.resumeWrites();
          return;
        }
        position += sent;
        remaining -= sent;
      }
      out.suspendWrites();
      out.getWriteSetter().set(null);
      exchange.endExchange();
    } catch (IOException e) {
      // The client went away or the socket broke: nothing can be told to it any more.
      IoUtils.safeClose(file);
      IoUtils.safeClose(exchange.getConnection());
    }
  }
}
