import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-in throughput of the identity subgraph (or a gateway in front of it): closed-loop clients each send the signIn
 * mutation for one account and wait for the tokens. Every sign-in costs one Argon2id derivation (19 MiB, 2 passes),
 * so this measures the password KDF plus a session write and two token signatures.
 * Runs as a single-file program: java SignInBench.java --url http://127.0.0.1:8102 [options]
 */
public final class SignInBench {
  public static void main(String[] args) throws Exception {
    String url = arg(args, "--url", "http://127.0.0.1:8102") + "/graphql";
    String email = arg(args, "--email", "demo@streamplane.local");
    String password = arg(args, "--password", "streamplane-demo");
    int clients = Integer.parseInt(arg(args, "--clients", "8"));
    int warmup = Integer.parseInt(arg(args, "--warmup", "5"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
    String body = "{\"query\":\"mutation($e:String!,$p:String!){signIn(email:$e,password:$p){accessToken}}\","
        + "\"variables\":{\"e\":\"" + email + "\",\"p\":\"" + password + "\"}}";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();

    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong failures = new AtomicLong();
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      latencies[c] = new long[1 << 20];
      Thread thread = new Thread(() -> {
        while (!stop.get()) {
          long start = System.nanoTime();
          try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("accessToken")) {
              failures.incrementAndGet();
              continue;
            }
          } catch (Exception e) {
            failures.incrementAndGet();
            continue;
          }
          if (measuring.get() && counts[client] < latencies[client].length) {
            latencies[client][counts[client]++] = System.nanoTime() - start;
          }
        }
        done.countDown();
      });
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(warmup * 1000L);
    failures.set(0);
    measuring.set(true);
    long began = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - began) / 1e9;
    stop.set(true);
    done.await();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf("sign-ins: %d in %.1f s = %.1f/s with %d clients; p50 %.1f ms, p99 %.1f ms; failures %d%n",
        total, elapsed, total / elapsed, clients, percentile(all, 0.50), percentile(all, 0.99), failures.get());
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
