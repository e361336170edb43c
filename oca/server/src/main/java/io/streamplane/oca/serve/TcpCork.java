package io.streamplane.oca.serve;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.util.logging.Logger;
import org.xnio.StreamConnection;

/**
 * Linux {@code TCP_CORK} around a response body, as nginx's {@code tcp_nopush}: while corked the kernel sends only
 * full TCP segments, so the response head rides with the first body bytes and the partial segment each non-blocking
 * {@code sendfile} call leaves is not pushed on its own; uncorking at the end of the body pushes the tail at once.
 * Java has no socket option for it, so this calls {@code setsockopt(2)} through the foreign-function API (JDK 17
 * incubator: the JVM needs {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} and
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}). Without them, or off Linux, it does nothing: responses
 * are the same, only with more, smaller packets.
 */
final class TcpCork {

  private static final Logger LOG = Logger.getLogger(TcpCork.class.getName());
  private static final AttachmentKey<Integer> DESCRIPTOR = AttachmentKey.create(Integer.class);
  private static final Native NATIVE = Native.load();

  /** Smaller bodies leave in one or two writes anyway; two more system calls would cost more than they save. */
  static final long WORTH_IT_ABOVE_BYTES = 128 * 1024;

  private TcpCork() {}

  static boolean available() {
    return NATIVE != null;
  }

  /** Holds back partial segments on the exchange's connection until {@link #release}. Returns whether it did. */
  static boolean hold(HttpServerExchange exchange) {
    int descriptor = descriptor(exchange);
    return descriptor >= 0 && NATIVE.setCork(descriptor, true);
  }

  /** Sends what is held back and goes back to sending every write at once. */
  static void release(HttpServerExchange exchange) {
    int descriptor = descriptor(exchange);
    // A closed connection's number may already belong to another socket.
    if (descriptor >= 0 && exchange.getConnection().isOpen()) {
      NATIVE.setCork(descriptor, false);
    }
  }

  /** Whether the exchange's socket is corked now (diagnostics and tests). */
  static boolean isHeld(HttpServerExchange exchange) {
    int descriptor = descriptor(exchange);
    return descriptor >= 0 && NATIVE.isCorked(descriptor);
  }

  private static int descriptor(HttpServerExchange exchange) {
    if (NATIVE == null) {
      return -1;
    }
    if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
      return -1;  // HTTP/2 multiplexes streams over one socket: corking it for one response would delay the others
    }
    Integer known = connection.getAttachment(DESCRIPTOR);
    if (known == null) {
      known = NATIVE.descriptorOf(connection.getChannel());
      connection.putAttachment(DESCRIPTOR, known);
    }
    return known;
  }

  /** The native call and the reflective path from an XNIO connection to its file descriptor. */
  interface Native {
    int descriptorOf(StreamConnection connection);

    boolean setCork(int descriptor, boolean cork);

    boolean isCorked(int descriptor);

    /** Null when the JVM lacks the flags above or the platform is not Linux. */
    static Native load() {
      if (!System.getProperty("os.name", "").startsWith("Linux")
          || "off".equals(System.getProperty("streamplane.oca.tcp-cork"))) {
        return null;
      }
      try {
        // Loaded only here: without jdk.incubator.foreign the class fails to link, which must not break serving.
        return new ForeignSetsockopt();
      } catch (Throwable unavailable) {
        LOG.info("TCP_CORK unavailable (" + unavailable + "); file bodies go out uncorked");
        return null;
      }
    }
  }
}
