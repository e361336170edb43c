package io.streamplane.identity.graphql;

import io.streamplane.identity.history.ViewingRecord;

/** The selected profile's relation to one title; {@link #NONE} without a profile. */
record TitleState(boolean inMyList, ViewingRecord position) {
  static final TitleState NONE = new TitleState(false, null);
}
