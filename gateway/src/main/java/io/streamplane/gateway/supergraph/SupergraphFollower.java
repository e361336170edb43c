package io.streamplane.gateway.supergraph;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Keeps a local supergraph file equal to the schema registry's live supergraph: long polls with the ETag of the
 * version it has, and replaces the file atomically when a new version goes live. The gateway serves from the file
 * (and reloads it when it changes), so it also restarts on its last supergraph while the registry is down.
 */
public final class SupergraphFollower implements AutoCloseable {
  private static final int WAIT_SECONDS = 30;

  private final URI url;
  private final Path file;
  private final Consumer<String> log;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private volatile boolean running = true;
  private String etag = "";
  private Thread thread;

  public SupergraphFollower(URI url, Path file, Consumer<String> log) {
    this.url = url;
    this.file = file;
    this.log = log;
  }

  /** Fetches once; true when the file now holds a supergraph from the registry. */
  public boolean fetchOnce(int waitSeconds) {
    URI request = URI.create(url + (url.getQuery() == null ? "?" : "&") + "waitSeconds=" + waitSeconds);
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(request)
          .timeout(Duration.ofSeconds(waitSeconds + 15L)).header("If-None-Match", etag).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        Path download = file.resolveSibling(file.getFileName() + ".download");
        Files.writeString(download, response.body());
        Files.move(download, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        etag = response.headers().firstValue("etag").orElse("");
        log.accept("supergraph " + etag + " from " + url);
        return true;
      }
      if (response.statusCode() != 304) {
        log.accept("registry answered " + response.statusCode() + " for " + url);
      }
    } catch (IOException e) {
      log.accept("registry unreachable (" + e.getMessage() + "), keeping " + file);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Follows the registry in a daemon thread until closed. */
  public SupergraphFollower start() {
    thread = new Thread(() -> {
      while (running && !Thread.currentThread().isInterrupted()) {
        boolean answered = fetchOnce(WAIT_SECONDS);
        if (!answered && running) {
          sleep(2000);  // after an error or an empty wait, do not spin
        }
      }
    }, "supergraph-follower");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
