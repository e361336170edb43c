package io.streamplane.catalog.model;

public record Episode(String id, String titleId, int seasonNumber, int episodeNumber, String name, String synopsis,
    int runtimeMinutes) {}
