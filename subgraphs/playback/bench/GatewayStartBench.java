import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * startPlayback through the federated gateway, as a player sends it, against a running local stack (./streamplane up):
 * each client owns a fresh Premium account with one profile (signed up through the gateway first), and repeats
 * startPlayback + stopPlayback of a playable demo title with a Bearer token. Prints p50/p90/p99 of startPlayback over
 * the measured window.
 *
 * <p>Without {@code --rate} the clients are a closed loop (each starts again as soon as it has stopped), which measures
 * the stack at saturation. With {@code --rate R} they start R playbacks per second in all, each client on its own
 * fixed schedule, and latency counts from the scheduled moment, so time spent waiting behind a slow call is measured
 * too (no coordinated omission). Single-file program:
 *   java GatewayStartBench.java [--gateway http://127.0.0.1:8080/graphql] [--title ID] [--clients 32] [--rate R]
 *                               [--warmup 10] [--seconds 30]
 */
public final class GatewayStartBench {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The web player's operations (web/player/player.js), sent the same way: one text, arguments as variables. */
  private static final String START = "mutation Play($input: StartPlaybackInput!) { startPlayback(input: $input) {"
      + " sessionId dashUrl licenseUrl keySystem heartbeatIntervalSeconds sources { applianceId url reason } } }";
  private static final String STOP =
      "mutation Stop($id: ID!, $at: Float) { stopPlayback(sessionId: $id, positionMs: $at) }";
  private static final String DEVICE =
      "{\"codecs\": [\"avc1\", \"mp4a\"], \"maxHeight\": 1080, \"keySystems\": [\"org.w3.clearkey\"]}";

  public static void main(String[] args) throws Exception {
    String gateway = arg(args, "--gateway", "http://127.0.0.1:8080/graphql");
    int clients = Integer.parseInt(arg(args, "--clients", "32"));
    int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
    double rate = Double.parseDouble(arg(args, "--rate", "0"));
    long interval = rate > 0 ? (long) (1e9 * clients / rate) : 0;
    String title = arg(args, "--title", null);
    if (title == null) {
      title = firstPlayableTitle(gateway);
    }
    System.out.printf("title %s, %d clients (%s), signing up %d accounts…%n", title, clients,
        rate > 0 ? rate + " starts/s in all" : "closed loop", clients);
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      tokens.add(profileToken(gateway, "bench-" + run + "-" + i + "@streamplane.local"));
    }

    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong errors = new AtomicLong();
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    String startVariables = "{\"input\": {\"titleId\": \"" + title + "\", \"device\": " + DEVICE + "}}";
    for (int c = 0; c < clients; c++) {
      int client = c;
      samples[c] = new long[1 << 16];
      new Thread(() -> {
        String token = tokens.get(client);
        try {
          long next = System.nanoTime() + interval * client / clients;   // spread the schedules over one interval
          while (!stop.get()) {
            long begin = System.nanoTime();
            if (interval > 0) {
              long wait = next - begin;
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
              begin = next;
              next += interval;
            }
            String started = graphql(gateway, token, START, startVariables);
            long elapsed = System.nanoTime() - begin;
            String session = field(started, "sessionId");
            if (session == null) {
              if (measuring.get()) {
                errors.incrementAndGet();
              }
              Thread.sleep(50);
              continue;
            }
            if (measuring.get() && counts[client] < samples[client].length) {
              samples[client][counts[client]++] = elapsed;
            }
            graphql(gateway, token, STOP, "{\"id\": \"" + session + "\", \"at\": 0}");
          }
        } catch (Exception e) {
          errors.incrementAndGet();
        } finally {
          done.countDown();
        }
      }).start();
    }
    Thread.sleep(warmup * 1000L);
    measuring.set(true);
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    stop.set(true);
    done.await();

    long[] all = new long[Arrays.stream(counts).sum()];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(samples[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf("startPlayback through the gateway, %d clients, %s: %d calls in %d s (%.1f/s), errors %d%n",
        clients, rate > 0 ? "open loop at " + rate + "/s" : "closed loop", all.length, seconds,
        all.length / (double) seconds, errors.get());
    System.out.printf("p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", percentile(all, 0.50),
        percentile(all, 0.90), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  /** Signs up an account, adds a profile and returns an access token scoped to it. */
  private static String profileToken(String gateway, String email) throws Exception {
    String signUp = graphql(gateway, null, "mutation { signUp(input: {email: \\\"" + email
        + "\\\", password: \\\"bench-password-1\\\", country: \\\"US\\\", plan: PREMIUM}) { accessToken refreshToken } }");
    String access = require(signUp, "accessToken");
    String profile = require(graphql(gateway, access,
        "mutation { createProfile(input: {name: \\\"Bench\\\"}) { id } }"), "id");
    String selected = graphql(gateway, null, "mutation { selectProfile(refreshToken: \\\""
        + require(signUp, "refreshToken") + "\\\", profileId: \\\"" + profile + "\\\") { accessToken } }");
    return require(selected, "accessToken");
  }

  private static String firstPlayableTitle(String gateway) throws Exception {
    String body = graphql(gateway, null, "{ browse(first: 30) { edges { node { id playbackAvailable } } } }");
    Matcher m = Pattern.compile("\"id\":\"(\\d+)\",\"playbackAvailable\":true").matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no playable title yet (are the demo titles encoded?): " + body);
    }
    return m.group(1);
  }

  private static String graphql(String gateway, String token, String query) throws Exception {
    return graphql(gateway, token, query, "{}");
  }

  private static String graphql(String gateway, String token, String query, String variables) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"query\":\"" + query + "\",\"variables\":" + variables + "}"));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static String require(String json, String name) {
    String value = field(json, name);
    if (value == null) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return value;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
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
