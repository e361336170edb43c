package io.streamplane.oca.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP_CORK on a real Undertow connection: the reflective path to the socket and the native calls. */
class TcpCorkTest {

  private final byte[] body = new byte[1024 * 1024];
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private Undertow server;
  private URI uri;

  @BeforeEach
  void start() {
    new Random(7).nextBytes(body);
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
      seen.add("before " + TcpCork.isHeld(exchange));
      seen.add("hold " + TcpCork.hold(exchange));
      seen.add("during " + TcpCork.isHeld(exchange));
      exchange.addExchangeCompleteListener((done, next) -> {
        TcpCork.release(done);
        seen.add("after " + TcpCork.isHeld(done));
        next.proceed();
      });
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }).build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    uri = URI.create("http://127.0.0.1:" + port + "/");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theTestJvmCanCork() {
    // The module's surefire argLine passes the JVM flags: a missing flag shows here, not as a corking failure.
    assertTrue(TcpCork.available(), "the JVM lacks the flags in oca/server/pom.xml (oca.native.flags)");
  }

  @Test
  void aResponseIsCorkedWhileItsBodyGoesOutAndUncorkedAfter() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int request = 0; request < 2; request++) {  // the second one reuses the connection and its known descriptor
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode());
      assertArrayEquals(body, response.body());
    }
    awaitEvents(8);
    assertEquals(List.of("before false", "hold true", "during true", "after false",
        "before false", "hold true", "during true", "after false"), seen);
  }

  private void awaitEvents(int count) throws InterruptedException {
    // The completion listener may run just after the client has read the last byte.
    for (int i = 0; i < 200 && seen.size() < count; i++) {
      Thread.sleep(10);
    }
  }
}
