package io.streamplane.gateway.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Notices a client that hangs up while its request is processed. Undertow does not read from a connection while a
 * request runs, so it would only find out when the answer is written; this watches the socket meanwhile. End of
 * stream closes the connection (whose close listener cancels the request); bytes of a pipelined next request are
 * handed back to Undertow untouched. Every step runs on the connection's IO thread, so starting, watching and
 * stopping never race, and the response is sent only after Undertow has its reads back.
 */
final class HangUpWatch implements ReadReadyHandler {

  private final HttpServerConnection connection;
  private final StreamSourceConduit socket;
  private boolean stopped;
  private boolean watching;

  private HangUpWatch(HttpServerConnection connection) {
    this.connection = connection;
    this.socket = connection.getOriginalSourceConduit();
  }

  /** Starts watching the exchange's connection; null when it is not a plain HTTP/1.1 connection. */
  static HangUpWatch start(HttpServerExchange exchange) {
    if (!(exchange.getConnection() instanceof HttpServerConnection http)) {
      return null;
    }
    HangUpWatch watch = new HangUpWatch(http);
    // queued: Undertow's body receiver suspends reads once it is done with this request
    http.getIoThread().execute(watch::begin);
    return watch;
  }

  /** Gives the connection's reads back to Undertow, then runs {@code then} (sending the response). */
  void stop(Runnable then) {
    connection.getIoThread().execute(() -> {
      stopped = true;
      if (watching) {
        socket.suspendReads();
        // the socket's handler again, as the connection's channel installed it: readiness goes to Undertow's listener
        ConduitStreamSourceChannel channel = connection.getChannel().getSourceChannel();
        socket.setReadReadyHandler(new ReadReadyHandler.ChannelListenerHandler<>(channel));
      }
      then.run();
    });
  }

  private void begin() {
    if (!stopped && connection.isOpen()) {
      watching = true;
      socket.setReadReadyHandler(this);
      socket.resumeReads();
    }
  }

  @Override
  public void readReady() {
    PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
    boolean handedBack = false;
    try {
      int n = socket.read(pooled.getBuffer());
      if (n > 0) {
        socket.suspendReads();
        pooled.getBuffer().flip();
        connection.ungetRequestBytes(pooled);
        handedBack = true;
      } else if (n < 0) {
        socket.suspendReads();
        IoUtils.safeClose(connection);
      }
    } catch (IOException e) {
      IoUtils.safeClose(connection);
    } finally {
      if (!handedBack) {
        pooled.close();
      }
    }
  }

  @Override
  public void forceTermination() {
    // the connection is closing: its close listener cancels the request
  }

  @Override
  public void terminated() {
    // nothing is held between reads
  }
}
