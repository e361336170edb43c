package io.streamplane.catalog.model;

import java.util.List;

/** One artwork variant; tags describe its content so personalisation can pick the variant a profile responds to. */
public record Artwork(String id, ArtworkKind kind, String url, int width, int height, List<String> tags, String locale) {}
