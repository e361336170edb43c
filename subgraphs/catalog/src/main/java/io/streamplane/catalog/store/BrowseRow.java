package io.streamplane.catalog.store;

/** One entry of a genre's popularity-ordered list; also the position a cursor points at. */
public record BrowseRow(double popularity, String titleId) {}
