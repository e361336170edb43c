package io.streamplane.catalog.graphql;

import java.time.Duration;

/** How long a GraphQL request may wait for the store. */
public record CatalogGraphqlSettings(Duration storeTimeout) {}
