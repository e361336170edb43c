package io.streamplane.catalog.graphql;

import io.streamplane.catalog.model.Title;
import java.util.List;

/** Shapes of the GraphQL schema that are not domain records. */
final class Views {
  private Views() {}

  record Person(String id, String name) {}

  record PageInfo(boolean hasNextPage, String endCursor) {}

  record TitleEdge(String cursor, Title node) {}

  record TitleConnection(List<TitleEdge> edges, PageInfo pageInfo) {}

  record SearchHit(double score, Title title) {}
}
