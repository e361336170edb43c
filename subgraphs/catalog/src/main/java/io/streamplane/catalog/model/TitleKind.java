package io.streamplane.catalog.model;

public enum TitleKind {
  MOVIE,
  SHOW
}
