package io.streamplane.gateway.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamplane.gateway.execute.PlanExecutor;
import io.streamplane.gateway.metrics.GatewayMetrics;
import io.streamplane.gateway.metrics.MeteredSubgraphCaller;
import io.streamplane.gateway.request.RequestLimits;
import io.streamplane.gateway.request.RequestPipeline;
import io.streamplane.gateway.supergraph.LoadedSupergraph;
import io.streamplane.gateway.transport.HttpSubgraphCaller;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up cancels the subgraph calls of its request: the subgraph (a raw TCP server that reads the
 * request and never answers) sees its connection closed long before the gateway's 60 s subgraph timeout.
 */
class ClientDisconnectTest {

  @Test
  void aDisconnectingClientCancelsTheSubgraphCall() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (ServerSocket subgraph = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread silent = new Thread(() -> {
        try (Socket s = subgraph.accept()) {
          InputStream in = s.getInputStream();
          byte[] buffer = new byte[8192];
          while (in.read(buffer) > 0) {
            received.countDown(); // the request arrived; never answer, wait for the gateway to hang up
          }
          closed.countDown();
        } catch (Exception e) {
          closed.countDown(); // a reset counts as hanging up too
        }
      });
      silent.setDaemon(true);
      silent.start();
      String url = "http://127.0.0.1:" + subgraph.getLocalPort() + "/graphql";
      LoadedSupergraph supergraph = new LoadedSupergraph(Files.readString(
          Path.of(ClientDisconnectTest.class.getResource("/conformance/entities-basic/supergraph.graphql").toURI())));
      ObjectMapper mapper = new ObjectMapper();
      GatewayMetrics metrics = new GatewayMetrics();
      try (HttpSubgraphCaller caller = new HttpSubgraphCaller(mapper, n -> url, Map.of(), Duration.ofSeconds(60));
           GatewayServer gateway = new GatewayServer("127.0.0.1", 0, new RequestPipeline(() -> supergraph,
               new PlanExecutor(new MeteredSubgraphCaller(caller, metrics)), new RequestLimits(20_000, 5_000, 12, 10, 2_000),
               metrics, true, mapper), mapper, () -> true, metrics, new HttpPolicy(Set.of(), List.of())).start()) {
        byte[] body = "{\"query\":\"{ topProducts { name } }\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket("127.0.0.1", gateway.port())) {
          OutputStream out = client.getOutputStream();
          out.write(("POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(body);
          out.flush();
          assertTrue(received.await(10, TimeUnit.SECONDS), "the gateway called the subgraph");
        }
        assertTrue(closed.await(20, TimeUnit.SECONDS), "the subgraph call was cancelled when the client went away");
        long deadline = System.nanoTime() + 10_000_000_000L; // the cancelled request is counted asynchronously
        while (!metrics.render().contains("4xx") && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(metrics.render().contains("4xx"), "the cancelled request is counted: " + metrics.render());
      }
    }
  }
}
