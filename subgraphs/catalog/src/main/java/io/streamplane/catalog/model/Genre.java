package io.streamplane.catalog.model;

public record Genre(String id, String name) {}
