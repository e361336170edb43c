package io.streamplane.catalog.model;

/** A rating label from the title's rating system and the minimum viewer age it stands for (kids profiles compare it). */
public record MaturityRating(String label, int minimumAge) {}
