package io.streamplane.registry.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./streamplane schema check|publish|history|diff}: the registry from a terminal or a subgraph's CI.
 * {@code check} exits 1 when the change is breaking or does not compose, so CI can gate on it.
 */
public final class SchemaCli {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String USAGE = """
      usage: ./streamplane schema <command> [--registry URL] [--graph NAME]
        check <subgraph> <schema.graphqls>                      what the change does; exit 1 if breaking or failing
        publish <subgraph> <schema.graphqls> --routing-url URL [--revision R] [--token T]
        history                                                 supergraph versions, newest first
        diff <from-version> <to-version>                        classified changes of the client schema
      defaults: --registry http://127.0.0.1:8090  --graph main
      publish sends the token of --token or of the environment variable STREAMPLANE_REGISTRY_TOKEN, when set""";

  private SchemaCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>(Map.of("--registry", "http://127.0.0.1:8090",
        "--graph", "main"));
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          return usage("missing value for " + args[i]);
        }
        options.put(args[i], args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.isEmpty()) {
      return usage(null);
    }
    String command = positional.get(0);
    String api = options.get("--registry") + "/api/graphs/" + URLEncoder.encode(options.get("--graph"),
        StandardCharsets.UTF_8);
    try {
      return switch (command) {
        case "check" -> positional.size() == 3 ? check(api, positional.get(1), Path.of(positional.get(2)))
            : usage("check needs a subgraph and a schema file");
        case "publish" -> positional.size() == 3 && options.containsKey("--routing-url")
            ? publish(api, positional.get(1), Path.of(positional.get(2)), options.get("--routing-url"),
                options.getOrDefault("--revision", ""),
                options.getOrDefault("--token", System.getenv("STREAMPLANE_REGISTRY_TOKEN")))
            : usage("publish needs a subgraph, a schema file and --routing-url");
        case "history" -> history(api);
        case "diff" -> positional.size() == 3 ? diff(api, positional.get(1), positional.get(2))
            : usage("diff needs two versions");
        default -> usage("unknown command " + command);
      };
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private static int check(String api, String subgraph, Path schema) throws IOException, InterruptedException {
    JsonNode result = call("POST", api + "/subgraphs/" + subgraph + "/check",
        Map.of("sdl", Files.readString(schema)), null);
    if (result == null) {
      return 2;
    }
    String verdict = result.get("verdict").asText();
    System.out.println("check of " + subgraph + ": " + verdict);
    result.get("compositionErrors").forEach(e -> System.out.println("  " + problem(e)));
    result.get("changes").forEach(change -> {
      System.out.printf("  %-9s %-32s %s%n", change.get("effective").asText(), change.get("coordinate").asText(),
          change.get("message").asText());
      JsonNode note = change.get("note");
      if (note != null && !note.isNull()) {
        System.out.println("            " + note.asText());
      }
      change.get("affectedOperations").forEach(op -> System.out.printf("            - %s (%s): %d uses%n",
          op.get("operationName").asText().isEmpty() ? "anonymous" : op.get("operationName").asText(),
          op.get("operationHash").asText(), op.get("count").asLong()));
    });
    return verdict.equals("SAFE") ? 0 : 1;
  }

  private static int publish(String api, String subgraph, Path schema, String routingUrl, String revision,
      String token) throws IOException, InterruptedException {
    JsonNode result = call("POST", api + "/subgraphs/" + subgraph + "/publish",
        Map.of("sdl", Files.readString(schema), "routingUrl", routingUrl, "revision", revision), token);
    if (result == null) {
      return 2;
    }
    System.out.println(result.get("note").asText());
    result.get("compositionErrors").forEach(e -> System.out.println("  " + problem(e)));
    return result.get("compositionErrors").isEmpty() ? 0 : 1;
  }

  private static int history(String api) throws IOException, InterruptedException {
    JsonNode versions = call("GET", api + "/versions", null, null);
    if (versions == null) {
      return 2;
    }
    versions.forEach(v -> System.out.printf("v%-5d %s  %s%n", v.get("version").asInt(), v.get("createdAt").asText(),
        v.get("origin").asText()));
    return 0;
  }

  private static int diff(String api, String from, String to) throws IOException, InterruptedException {
    JsonNode changes = call("GET", api + "/diff?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to="
        + URLEncoder.encode(to, StandardCharsets.UTF_8), null, null);
    if (changes == null) {
      return 2;
    }
    changes.forEach(c -> System.out.printf("%-9s %-32s %s%n", c.get("effective").asText(), c.get("coordinate")
        .asText(), c.get("message").asText()));
    return 0;
  }

  private static String problem(JsonNode e) {
    String where = e.get("line").isNull() ? "" : " (line " + e.get("line").asInt() + ")";
    return e.get("code").asText() + " [" + e.get("subgraph").asText() + "] " + e.get("coordinate").asText() + where
        + ": " + e.get("message").asText();
  }

  /** The JSON answer, or null after printing the registry's error. */
  private static JsonNode call(String method, String url, Object body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (token != null && !token.isBlank()) {
      request.header("authorization", "Bearer " + token);
    }
    if (body == null) {
      request.GET();
    } else {
      request.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      System.err.println("error: no schema registry at " + url.substring(0, url.indexOf("/api/"))
          + " (start it with ./streamplane up, or pass --registry)");
      return null;
    }
    JsonNode json = JSON.readTree(response.body());
    if (response.statusCode() >= 400) {
      System.err.println("error: " + json.path("code").asText() + ": " + json.path("message").asText());
      return null;
    }
    return json;
  }

  private static int usage(String problem) {
    if (problem != null) {
      System.err.println("error: " + problem);
    }
    System.err.println(USAGE);
    return 2;
  }
}
