package io.streamplane.gateway.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client for JSON POSTs to subgraphs over keep-alive connections, pooled per origin.
 * It exists because the JDK client spends more CPU per subgraph call (selector thread, executor hops, body
 * publishers) than the whole rest of a gateway request; here a call is one write and a buffered read on the caller's
 * thread. Only what subgraphs need: Content-Length or chunked bodies, {@code Connection: close}, deadlines.
 */
final class Http1Client implements AutoCloseable {

  /** Answered status and body; {@code body} is the whole entity (subgraph responses are read completely). */
  record Response(int status, byte[] body) {}

  /** The deadline passed before the subgraph answered. */
  static final class DeadlineException extends IOException {
    DeadlineException(String message) {
      super(message);
    }
  }

  /**
   * Lets another thread end a call in progress (the client went away): the connection the call uses is closed, so its
   * blocked read fails at once and the connection is never pooled again.
   */
  static final class Abort {
    private Connection connection;
    private boolean aborted;

    synchronized void abort() {
      aborted = true;
      if (connection != null) {
        connection.close();
      }
    }

    private synchronized void attach(Connection c) throws IOException {
      if (aborted) {
        throw new IOException("the call was cancelled");
      }
      connection = c;
    }
  }

  private record Origin(String host, int port, String path, String hostHeader) {}

  private static final int MAX_HEADER_LINE = 8192;
  /** A subgraph response is held in memory whole; a larger one is refused instead of exhausting the heap. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final Map<String, Origin> origins = new ConcurrentHashMap<>();
  private final Map<Origin, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** POSTs a JSON body; {@code headers} are added to the request (values with line breaks are dropped). */
  Response post(String url, byte[] body, Map<String, String> headers, long timeoutMillis, Abort abort) throws IOException {
    Origin origin = origins.computeIfAbsent(url, Http1Client::origin);
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
    Connection reused = pool.pollFirst();
    if (reused != null) {
      try {
        abort.attach(reused);
        return exchange(reused, origin, body, headers, deadline, pool);
      } catch (StaleConnectionException stale) {
        // the server closed the idle connection before reading the request: send it once more on a new one
      }
    }
    Connection fresh = Connection.open(origin, deadline);
    try {
      abort.attach(fresh);
      return exchange(fresh, origin, body, headers, deadline, pool);
    } catch (StaleConnectionException e) {
      throw new EOFException("the subgraph closed the connection without answering");
    }
  }

  private Response exchange(Connection c, Origin origin, byte[] body, Map<String, String> headers, long deadline,
                            ConcurrentLinkedDeque<Connection> pool)
      throws IOException {
    boolean keep = false;
    try {
      Response response = c.exchange(origin, body, headers, deadline);
      keep = c.reusable && !closed;
      return response;
    } finally {
      if (keep) {
        pool.addFirst(c);
      } else {
        c.close();
      }
    }
  }

  private static Origin origin(String url) {
    URI uri = URI.create(url);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("only http:// subgraph URLs are supported: " + url);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new Origin(uri.getHost(), port, path, uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + port);
  }

  @Override
  public void close() {
    closed = true;
    idle.values().forEach(pool -> {
      for (Connection c; (c = pool.pollFirst()) != null; ) {
        c.close();
      }
    });
  }

  /** A reused connection failed before any byte of a response arrived. */
  private static final class StaleConnectionException extends IOException {}

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean reusable;
    private int exchanges;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      this.out = socket.getOutputStream();
    }

    static Connection open(Origin origin, long deadline) throws IOException {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.connect(new InetSocketAddress(origin.host(), origin.port()), (int) Math.max(1, remainingMillis(deadline)));
        return new Connection(socket);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    Response exchange(Origin origin, byte[] body, Map<String, String> headers, long deadline) throws IOException {
      boolean wasUsed = exchanges++ > 0;
      reusable = false;
      StringBuilder request = new StringBuilder(256).append("POST ").append(origin.path()).append(" HTTP/1.1\r\nHost: ")
          .append(origin.hostHeader())
          .append("\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json, application/json\r\n");
      headers.forEach((name, value) -> {
        if (name.indexOf('\r') < 0 && name.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
          request.append(name).append(": ").append(value).append("\r\n");
        }
      });
      byte[] head = request.append("Content-Length: ").append(body.length).append("\r\n\r\n").toString()
          .getBytes(StandardCharsets.ISO_8859_1);
      byte[] message = Arrays.copyOf(head, head.length + body.length); // one write: one segment for small requests
      System.arraycopy(body, 0, message, head.length, body.length);
      String statusLine;
      try {
        out.write(message);
        out.flush();
        statusLine = readLine(deadline);
      } catch (IOException e) {
        if (wasUsed && !(e instanceof DeadlineException) && !(e instanceof SocketTimeoutException)) {
          throw new StaleConnectionException();
        }
        throw e;
      }
      if (statusLine == null) {
        if (wasUsed) {
          throw new StaleConnectionException();
        }
        throw new EOFException("the subgraph closed the connection without answering");
      }
      int status = parseStatus(statusLine);
      long contentLength = -1;
      boolean chunked = false;
      boolean close = statusLine.startsWith("HTTP/1.0");
      for (String line; !(line = requireLine(deadline)).isEmpty(); ) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed response header: " + line);
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          contentLength = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.toLowerCase().contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
          close = value.equalsIgnoreCase("close") || (close && !value.equalsIgnoreCase("keep-alive"));
        }
      }
      if (contentLength > MAX_RESPONSE_BYTES) {
        throw new IOException("the subgraph response exceeds " + MAX_RESPONSE_BYTES + " bytes");
      }
      ByteArrayOutputStream entity = new ByteArrayOutputStream(contentLength > 0 ? (int) Math.min(contentLength, 1 << 24) : 8192);
      if (chunked) {
        for (long size; (size = Long.parseLong(stripExtensions(requireLine(deadline)), 16)) > 0; ) {
          copy(size, entity, deadline);
          requireLine(deadline);
        }
        while (!requireLine(deadline).isEmpty()) {
          // trailers are not used
        }
      } else if (contentLength >= 0) {
        copy(contentLength, entity, deadline);
      } else {
        copyToEnd(entity, deadline);
        close = true;
      }
      reusable = !close;
      return new Response(status, entity.toByteArray());
    }

    private void copy(long length, ByteArrayOutputStream into, long deadline) throws IOException {
      byte[] buffer = new byte[(int) Math.min(length, 16 * 1024)];
      long left = length;
      while (left > 0) {
        timeout(deadline);
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("the subgraph closed the connection in the middle of a response");
        }
        write(into, buffer, n);
        left -= n;
      }
    }

    private void copyToEnd(ByteArrayOutputStream into, long deadline) throws IOException {
      byte[] buffer = new byte[16 * 1024];
      while (true) {
        timeout(deadline);
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        write(into, buffer, n);
      }
    }

    private static void write(ByteArrayOutputStream into, byte[] buffer, int n) throws IOException {
      if (into.size() + (long) n > MAX_RESPONSE_BYTES) {
        throw new IOException("the subgraph response exceeds " + MAX_RESPONSE_BYTES + " bytes");
      }
      into.write(buffer, 0, n);
    }

    private String requireLine(long deadline) throws IOException {
      String line = readLine(deadline);
      if (line == null) {
        throw new EOFException("the subgraph closed the connection in the middle of a response");
      }
      return line;
    }

    /** One CRLF-terminated line, or null at the end of the stream before any byte. */
    private String readLine(long deadline) throws IOException {
      StringBuilder sb = new StringBuilder(64);
      timeout(deadline);
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (sb.length() == 0) {
            return null;
          }
          throw new EOFException("the subgraph closed the connection in the middle of a header");
        }
        if (b == '\n') {
          int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
          return sb.substring(0, end);
        }
        if (sb.length() >= MAX_HEADER_LINE) {
          throw new IOException("response header line too long");
        }
        sb.append((char) b);
      }
    }

    private void timeout(long deadline) throws IOException {
      long left = remainingMillis(deadline);
      if (left <= 0) {
        throw new DeadlineException("deadline passed");
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection: nothing left to release
      }
    }

    private static int parseStatus(String statusLine) throws IOException {
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("malformed status line: " + statusLine);
      }
      try {
        return Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("malformed status line: " + statusLine);
      }
    }

    private static String stripExtensions(String chunkSizeLine) {
      int semi = chunkSizeLine.indexOf(';');
      return (semi < 0 ? chunkSizeLine : chunkSizeLine.substring(0, semi)).trim();
    }
  }

  private static long remainingMillis(long deadline) {
    return (deadline - System.nanoTime()) / 1_000_000L;
  }
}
