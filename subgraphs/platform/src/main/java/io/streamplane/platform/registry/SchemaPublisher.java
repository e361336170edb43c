package io.streamplane.platform.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes this subgraph's schema files to the schema registry when the service starts, retrying in the background
 * until the registry answers: the registry composes it with the other subgraphs and gateways follow the result.
 */
public final class SchemaPublisher {
  private static final Logger log = LoggerFactory.getLogger(SchemaPublisher.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI publishUri;
  private final String subgraph;
  private final String routingUrl;
  private final String revision;
  /** The registry's publish token for this subgraph or its graph; blank when the registry is open (local stack). */
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public SchemaPublisher(String registryUrl, String graph, String subgraph, String routingUrl, String revision,
      String token) {
    this.publishUri = URI.create(registryUrl + "/api/graphs/" + graph + "/subgraphs/" + subgraph + "/publish");
    this.subgraph = subgraph;
    this.routingUrl = routingUrl;
    this.revision = revision;
    this.token = token == null ? "" : token;
  }

  /** The subgraph's schema: every {@code schema/**\/*.graphql*} file on the classpath, in name order. */
  public static String schemaFiles() {
    try {
      Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:schema/**/*.graphql*");
      Arrays.sort(files, Comparator.comparing(Resource::getFilename));
      return Arrays.stream(files).map(file -> {
        try {
          return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes in a daemon thread; gives up only on a definite answer (published, unchanged, or refused). */
  public void publishInBackground(String sdl) {
    Thread thread = new Thread(() -> {
      Duration wait = Duration.ofMillis(500);
      while (!Thread.currentThread().isInterrupted()) {
        try {
          if (publish(sdl)) {
            return;
          }
        } catch (IOException e) {
          log.info("schema registry not reachable yet ({}), retrying in {} ms", e.getMessage(), wait.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : wait.multipliedBy(2);
      }
    }, "schema-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  /** True when the registry gave a definite answer. */
  boolean publish(String sdl) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(java.util.Map.of("sdl", sdl, "routingUrl", routingUrl, "revision", revision));
    HttpRequest.Builder request = HttpRequest.newBuilder(publishUri).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (!token.isBlank()) {
      request.header("authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 500) {
      log.info("schema registry answered {}, retrying", response.statusCode());
      return false;
    }
    JsonNode result = JSON.readTree(response.body());
    if (response.statusCode() >= 400 || !result.path("compositionErrors").isEmpty()) {
      log.error("the schema registry refused subgraph {}: {}", subgraph, response.body());
    } else {
      log.info("subgraph {} published to the schema registry: {}", subgraph, result.path("note").asText());
    }
    return true;
  }
}
