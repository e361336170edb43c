package io.streamplane.catalog.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.catalog.CatalogServiceTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a gateway or a person with curl sees on the subgraph's HTTP endpoint. */
class CatalogHttpTest extends CatalogServiceTestBase {
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String body, String country) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (country != null) {
      request.header("x-streamplane-country", country);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void entitiesOverHttp() throws Exception {
    String id = DEMO.stream().filter(t -> visibleIn(t, "US")).findFirst().orElseThrow().id();
    HttpResponse<String> r = post("{\"query\":\"query($r:[_Any!]!){_entities(representations:$r){... on Title{id name}}}\","
        + "\"variables\":{\"r\":[{\"__typename\":\"Title\",\"id\":\"" + id + "\"}]}}", null);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"id\":\"" + id + "\""), r.body());
  }

  @Test
  void clientMistakesAreNeverServerErrorsNorStackTraces() throws Exception {
    for (String body : new String[] {"{not json", "{\"query\":\"{ title(id: \\\"1\\\") { id \"}",
        "{\"query\":\"{ nope }\"}", "{\"query\":\"{ title(id: \\\"x\\\") { id } }\"}", "[]", ""}) {
      HttpResponse<String> r = post(body, null);
      assertTrue(r.statusCode() < 500, body + " -> " + r.statusCode());
      assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }
    HttpResponse<String> notFound = post("{\"query\":\"{ title(id: \\\"1\\\") { id } }\"}", "FR");
    assertTrue(notFound.body().contains("\"code\":\"NOT_FOUND\""), notFound.body());
  }

  @Test
  void healthAndMetrics() throws Exception {
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("UP"));
    post("{\"query\":\"{ genres { id } }\"}", null);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("streamplane_cache_hits_total{cache=\"title\"}"), metrics.body());
    assertTrue(metrics.body().contains("streamplane_cache_hit_ratio"), metrics.body());
  }
}
