package io.streamplane.catalog.store;

import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleAssets;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON documents as stored in Cassandra and EVCache (the same bytes in both). */
final class Documents {
  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)  // older replicas read newer documents
      .build();
  private static final TypeReference<java.util.List<Genre>> GENRES = new TypeReference<>() {};

  private Documents() {}

  static String write(Object value) {
    return JSON.writeValueAsString(value);
  }

  static Title title(String json) {
    return JSON.readValue(json, Title.class);
  }

  static Episode episode(String json) {
    return JSON.readValue(json, Episode.class);
  }

  static TitleAssets assets(String json) {
    return JSON.readValue(json, TitleAssets.class);
  }

  static java.util.List<Genre> genres(String json) {
    return JSON.readValue(json, GENRES);
  }
}
