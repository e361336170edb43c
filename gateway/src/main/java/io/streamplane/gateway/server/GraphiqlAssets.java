package io.streamplane.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The GraphiQL files {@code /graphiql} loads, read once from the web jars on the classpath (no CDN). Their URLs carry
 * the versions, so they can be cached for a year: a new version is a new URL.
 */
final class GraphiqlAssets {

  /** The versions of the web jars in gateway/pom.xml. */
  static final String GRAPHIQL = "2.4.7";
  static final String REACT = "18.3.1";
  static final String PREFIX = "/graphiql/assets/";

  record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> assets;

  GraphiqlAssets() {
    String webjars = "META-INF/resources/webjars/";
    this.assets = Map.of(
        "graphiql-" + GRAPHIQL + ".min.js", load(webjars + "graphiql/" + GRAPHIQL + "/graphiql.min.js", "text/javascript; charset=utf-8"),
        "graphiql-" + GRAPHIQL + ".min.css", load(webjars + "graphiql/" + GRAPHIQL + "/graphiql.min.css", "text/css; charset=utf-8"),
        "react-" + REACT + ".min.js", load(webjars + "react/" + REACT + "/umd/react.production.min.js", "text/javascript; charset=utf-8"),
        "react-dom-" + REACT + ".min.js", load(webjars + "react-dom/" + REACT + "/umd/react-dom.production.min.js",
            "text/javascript; charset=utf-8"));
  }

  /** The asset for a request path under {@link #PREFIX}, or null. */
  Asset find(String path) {
    return path.startsWith(PREFIX) ? assets.get(path.substring(PREFIX.length())) : null;
  }

  private static Asset load(String resource, String contentType) {
    try (InputStream in = GraphiqlAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the gateway's classpath");
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
