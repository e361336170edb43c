package io.streamplane.catalog.model;

/** A person's part in a title; {@code character} is set for actors only. */
public record Credit(String personId, String name, CreditRole role, String character) {}
