package io.streamplane.catalog.model;

import java.util.List;

public record Season(int number, int releaseYear, List<Episode> episodes) {}
