package io.streamplane.catalog.model;

/** One file of a title's encoded media in the origin store, as published by the encoding farm. */
public record MediaAsset(String id, String kind, String path, String codec, int width, int height, long bitrateBps,
    String language, long sizeBytes, String sha256, double vmaf) {}
