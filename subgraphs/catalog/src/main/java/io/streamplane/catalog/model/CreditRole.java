package io.streamplane.catalog.model;

public enum CreditRole {
  ACTOR,
  DIRECTOR,
  WRITER,
  CREATOR,
  PRODUCER
}
