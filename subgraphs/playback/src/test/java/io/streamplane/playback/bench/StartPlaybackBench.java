package io.streamplane.playback.bench;

import io.streamplane.playback.PeerServers;
import io.streamplane.playback.PlaybackApplication;
import io.streamplane.playback.manifest.FarmManifests;
import io.streamplane.platform.testing.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load generator for the playback subgraph alone (not through the gateway): one real playback service on the given
 * Cassandra and memcached, its peers' contracts served in-process (PeerServers, answering from memory), and closed-loop
 * clients that each run startPlayback then stopPlayback for an account of their own (plan limit 1), so every start
 * takes and every stop frees a lease. Reports p50/p90/p99 of startPlayback and of stopPlayback. Run with
 * {@code bench/start-playback.sh [--clients 32] [--seconds 30] [--warmup 10]}.
 */
public final class StartPlaybackBench {
  public static void main(String[] args) throws Exception {
    int clients = Integer.parseInt(arg(args, "--clients", "32"));
    int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
    String title = "80000001";
    String profile = "11111111-2222-3333-4444-555555555555";

    PeerServers peers = new PeerServers();
    peers.titles.put(title, PeerServers.title(title, "TV-14", 13, "US"));
    peers.assets.put(title, PeerServers.encrypted(title, FarmManifests.KEY.keyIdHex()));
    Path origin = Files.createTempDirectory("playback-bench-origin");
    Files.createDirectories(origin.resolve(title));
    Files.writeString(origin.resolve(title).resolve("manifest.mpd"), FarmManifests.mpd());
    Files.writeString(origin.resolve(title).resolve("master.m3u8"), FarmManifests.master());
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String account = UUID.randomUUID().toString();
      accounts.add(account);
      peers.entitlements.put(account + ":" + profile, PeerServers.plan(account, profile, 1, 1080, 18, true));
    }

    ConfigurableApplicationContext app = SpringApplication.run(PlaybackApplication.class,
        "--server.port=0", "--streamplane.grpc.port=0", "--logging.level.root=WARN",
        "--streamplane.cassandra.contact-points=" + TestStores.cassandra(),
        "--streamplane.memcached.nodes=" + TestStores.memcached(),
        "--streamplane.playback.keyspace=" + TestStores.keyspace("playback_bench"),
        "--streamplane.playback.origin-url=" + origin.toUri(),
        "--streamplane.playback.catalog-target=" + peers.target(),
        "--streamplane.playback.identity-target=" + peers.target(),
        "--streamplane.playback.steering-target=" + peers.target(),
        "--streamplane.playback.keys-target=" + peers.target());
    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    URI graphql = URI.create("http://127.0.0.1:" + port + "/graphql");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String start = "{\"query\":\"mutation { startPlayback(input: {titleId: \\\"" + title + "\\\", device: {codecs: "
        + "[\\\"avc1\\\", \\\"mp4a\\\"], maxHeight: 1080, keySystems: [\\\"org.w3.clearkey\\\"]}}) { sessionId "
        + "sources { url } dashUrl licenseUrl } }\"}";

    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    long[][] startLatencies = new long[clients][];
    long[][] stopLatencies = new long[clients][];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread = new Thread(() -> {
        long[] starts = new long[0];
        long[] stops = new long[0];
        int n = 0;
        try {
          // 64 k samples per client is far more than a run produces (allocated inside try: always counted down).
          starts = new long[1 << 16];
          stops = new long[1 << 16];
          while (!stop.get() && n < starts.length) {
            long t0 = System.nanoTime();
            String body = post(http, graphql, accounts.get(client), profile, start);
            long t1 = System.nanoTime();
            int at = body.indexOf("\"sessionId\":\"");
            if (at < 0) {
              if (errors.incrementAndGet() <= 3) {
                System.out.println("refused: " + body);
              }
              continue;
            }
            String session = body.substring(at + 13, body.indexOf('"', at + 13));
            String stopBody = post(http, graphql, accounts.get(client), profile,
                "{\"query\":\"mutation { stopPlayback(sessionId: \\\"" + session + "\\\") }\"}");
            long t2 = System.nanoTime();
            if (!stopBody.contains("\"stopPlayback\":true")) {
              errors.incrementAndGet();
            }
            if (measuring.get()) {
              starts[n] = t1 - t0;
              stops[n] = t2 - t1;
              n++;
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
        } finally {
          startLatencies[client] = Arrays.copyOf(starts, n);
          stopLatencies[client] = Arrays.copyOf(stops, n);
          done.countDown();
        }
      }, "bench-client-" + c);
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(warmup * 1000L);
    measuring.set(true);
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    stop.set(true);
    done.await();
    app.close();
    peers.close();

    report("startPlayback", startLatencies, seconds, clients);
    report("stopPlayback", stopLatencies, seconds, clients);
    System.out.printf("errors (refused or failed calls, warm-up included): %d%n", errors.get());
    System.exit(0);
  }

  private static String post(HttpClient http, URI uri, String account, String profile, String body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").header("x-streamplane-account", account)
        .header("x-streamplane-profile", profile).header("x-streamplane-country", "US")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void report(String what, long[][] perClient, int seconds, int clients) {
    long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
    if (all.length == 0) {
      System.out.println(what + ": no samples");
      return;
    }
    System.out.printf("%s: %d calls in %d s with %d clients (%.0f/s); p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what, all.length, seconds, clients, all.length / (double) seconds, ms(all, 0.50), ms(all, 0.90),
        ms(all, 0.99), all[all.length - 1] / 1e6);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
