package io.streamplane.catalog.model;

public enum ArtworkKind {
  BOXART,
  BILLBOARD,
  LOGO,
  STILL
}
