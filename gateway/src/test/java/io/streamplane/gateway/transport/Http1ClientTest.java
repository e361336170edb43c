package io.streamplane.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subgraph HTTP client against a scripted server that answers each request with a raw HTTP response. */
class Http1ClientTest {

  private final Http1Client client = new Http1Client();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> headerLines = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    client.close();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void chunkedResponsesOnOneKeepAliveConnection() throws Exception {
    String url = serve(n -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\n{\"a\":\r\n2\r\n" + n + "}\r\n0\r\n\r\n", false);
    assertEquals("{\"a\":1}", text(client.post(url, "{\"q\":1}".getBytes(StandardCharsets.UTF_8),
        Map.of("x-streamplane-user", "u-1", "x-bad", "a\r\nInjected: yes"), 2_000, new Http1Client.Abort())));
    assertEquals("{\"a\":2}", text(client.post(url, "{\"q\":2}".getBytes(StandardCharsets.UTF_8), Map.of(), 2_000, new Http1Client.Abort())));
    assertEquals(1, connections.get(), "the second request reuses the connection");
    assertEquals(List.of("{\"q\":1}", "{\"q\":2}"), bodies);
    assertTrue(headerLines.contains("x-streamplane-user: u-1"), headerLines.toString());
    assertTrue(headerLines.stream().noneMatch(h -> h.startsWith("x-bad") || h.startsWith("Injected")), "no header injection");
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsReplacedTransparently() throws Exception {
    String url = serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"n\":" + n + "}", true);
    assertEquals("{\"n\":1}", text(client.post(url, new byte[] {'{', '}'}, Map.of(), 2_000, new Http1Client.Abort())));
    assertEquals("{\"n\":2}", text(client.post(url, new byte[] {'{', '}'}, Map.of(), 2_000, new Http1Client.Abort())));
    assertEquals(2, connections.get());
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnection() throws Exception {
    String url = serve(n -> "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\nupstream down", true);
    Http1Client.Response response = client.post(url, new byte[] {'{', '}'}, Map.of(), 2_000, new Http1Client.Abort());
    assertEquals(502, response.status());
    assertEquals("upstream down", text(response));
  }

  @Test
  void anOversizedResponseIsRefusedBeforeItIsRead() throws Exception {
    String url = serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: " + (Http1Client.MAX_RESPONSE_BYTES + 1L) + "\r\n\r\n{", false);
    IOException e = assertThrows(IOException.class, () -> client.post(url, new byte[] {'{', '}'}, Map.of(), 2_000, new Http1Client.Abort()));
    assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
  }

  @Test
  void aSubgraphThatNeverAnswersTimesOut() throws Exception {
    String url = serve(n -> null, false);
    IOException e = assertThrows(IOException.class, () -> client.post(url, new byte[] {'{', '}'}, Map.of(), 200, new Http1Client.Abort()));
    assertTrue(e instanceof SocketTimeoutException || e instanceof Http1Client.DeadlineException, e.toString());
  }

  private static String text(Http1Client.Response response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /**
   * Starts a server answering the n-th request (counted from 1) with {@code script.apply(n)} (null: never answer);
   * {@code closeAfterEach} closes the connection after each response without saying so.
   */
  private String serve(Function<Integer, String> script, boolean closeAfterEach) throws IOException {
    ServerSocket server = new ServerSocket(0);
    open.add(server);
    AtomicInteger requests = new AtomicInteger();
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket socket = server.accept();
          open.add(socket);
          connections.incrementAndGet();
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
          OutputStream out = socket.getOutputStream();
          while (true) {
            int length = -1;
            String line = in.readLine();
            if (line == null) {
              break;
            }
            while (!(line = in.readLine()).isEmpty()) {
              headerLines.add(line);
              if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
              }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
              read += in.read(body, read, length - read);
            }
            bodies.add(new String(body));
            String response = script.apply(requests.incrementAndGet());
            if (response == null) {
              continue;
            }
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (closeAfterEach || response.contains("Connection: close")) {
              socket.close();
              break;
            }
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "scripted-subgraph");
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + server.getLocalPort() + "/graphql";
  }
}
