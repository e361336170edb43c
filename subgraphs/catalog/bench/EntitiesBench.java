import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the catalog subgraph's federation endpoint: closed-loop clients each send `_entities` queries for
 * a batch of title ids drawn from a Zipf distribution over the catalog (a few titles are very popular, most are not).
 * Runs as a single-file program: java EntitiesBench.java --url http://127.0.0.1:8101 [options]
 */
public final class EntitiesBench {
  public static void main(String[] args) throws Exception {
    String url = arg(args, "--url", "http://127.0.0.1:8101");
    int titles = Integer.parseInt(arg(args, "--titles", "17000"));
    int batch = Integer.parseInt(arg(args, "--batch", "50"));
    int clients = Integer.parseInt(arg(args, "--clients", "32"));
    int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
    double exponent = Double.parseDouble(arg(args, "--zipf", "1.0"));
    long firstId = 80_000_001L;

    double[] cumulative = new double[titles];
    double sum = 0;
    for (int rank = 1; rank <= titles; rank++) {
      sum += 1.0 / Math.pow(rank, exponent);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < titles; i++) {
      cumulative[i] /= sum;
    }
    // Popularity rank r maps to a fixed, shuffled title id, so hot titles are spread over the id space.
    long[] idOfRank = new long[titles];
    for (int i = 0; i < titles; i++) {
      idOfRank[i] = firstId + i;
    }
    SplittableRandom shuffle = new SplittableRandom(7);
    for (int i = titles - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      long t = idOfRank[i];
      idOfRank[i] = idOfRank[j];
      idOfRank[j] = t;
    }

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI graphql = URI.create(url + "/graphql");
    System.out.printf("catalog _entities benchmark: %s, %d titles, batches of %d ids, Zipf(%.1f), %d clients,"
        + " %d s warm-up + %d s measured%n", graphql, titles, batch, exponent, clients, warmup, seconds);

    run(http, graphql, cumulative, idOfRank, batch, clients, warmup, null);
    long[] before = cacheCounters(http, url);
    Result result = run(http, graphql, cumulative, idOfRank, batch, clients, seconds, new long[clients][]);
    long[] after = cacheCounters(http, url);

    long hits = after[0] - before[0];
    long misses = after[1] - before[1];
    long nearHits = after[3] - before[3];
    long nearMisses = after[4] - before[4];
    System.out.printf("requests: %d ok, %d failed; responses naming unavailable titles: %d%n", result.ok, result.failed,
        result.withErrors);
    System.out.printf("throughput: %.1f requests/s (%.0f entities/s)%n", result.ok / (double) seconds,
        result.ok * (double) batch / seconds);
    System.out.printf("latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", result.p50 / 1e6, result.p99 / 1e6,
        result.max / 1e6);
    System.out.printf("title lookups served from caches: %.2f %% (in-process %d, EVCache %d, Cassandra %d)%n",
        100.0 * (nearHits + hits) / Math.max(1, nearHits + nearMisses), nearHits, hits, misses);
    System.out.printf("EVCache title hit ratio during the measured run: %.2f %% (%d hits, %d misses, %d errors)%n",
        100.0 * hits / Math.max(1, hits + misses), hits, misses, after[2] - before[2]);
  }

  record Result(long ok, long failed, long withErrors, long p50, long p99, long max) {}

  static Result run(HttpClient http, URI graphql, double[] cumulative, long[] idOfRank, int batch, int clients,
      int seconds, long[][] latencies) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong withErrors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    long[][] perClient = new long[clients][];
    int[] counts = new int[clients];
    for (int c = 0; c < clients; c++) {
      int client = c;
      perClient[c] = new long[1 << 16];
      Thread thread = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(1000 + client);
        try {
          while (!stop.get()) {
            String body = query(random, cumulative, idOfRank, batch);
            long start = System.nanoTime();
            try {
              HttpResponse<String> response = http.send(HttpRequest.newBuilder(graphql)
                  .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
              long took = System.nanoTime() - start;
              if (response.statusCode() == 200 && response.body().contains("\"_entities\"")) {
                ok.incrementAndGet();
                if (response.body().contains("\"errors\"")) {
                  withErrors.incrementAndGet();
                }
                if (counts[client] == perClient[client].length) {
                  perClient[client] = Arrays.copyOf(perClient[client], counts[client] * 2);
                }
                perClient[client][counts[client]++] = took;
              } else {
                failed.incrementAndGet();
              }
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      });
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    int total = 0;
    for (int count : counts) {
      total += count;
    }
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Result(ok.get(), failed.get(), withErrors.get(), percentile(all, 0.50), percentile(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1]);
  }

  static String query(SplittableRandom random, double[] cumulative, long[] idOfRank, int batch) {
    StringBuilder representations = new StringBuilder();
    for (int i = 0; i < batch; i++) {
      int rank = Arrays.binarySearch(cumulative, random.nextDouble());
      rank = rank < 0 ? -rank - 1 : rank;
      if (i > 0) {
        representations.append(',');
      }
      representations.append("{\"__typename\":\"Title\",\"id\":\"").append(idOfRank[Math.min(rank, idOfRank.length - 1)])
          .append("\"}");
    }
    return "{\"query\":\"query($r:[_Any!]!){_entities(representations:$r){... on Title{id name releaseYear"
        + " maturityRating{label} genres{name}}}}\",\"variables\":{\"r\":[" + representations + "]}}";
  }

  static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** Hits and misses of the title cache, from the service's Prometheus endpoint. */
  static long[] cacheCounters(HttpClient http, String url) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return new long[] {counter(metrics, "streamplane_cache_hits_total"),
        counter(metrics, "streamplane_cache_misses_total"), counter(metrics, "streamplane_cache_errors_total"),
        counter(metrics, "streamplane_cache_near_hits_total"), counter(metrics, "streamplane_cache_near_misses_total")};
  }

  static long counter(String metrics, String name) {
    Matcher m = Pattern.compile("^" + name + "\\{cache=\"title\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE)
        .matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
