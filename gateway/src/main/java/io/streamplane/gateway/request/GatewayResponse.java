package io.streamplane.gateway.request;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A GraphQL response body; {@code status} is the HTTP status for {@code application/graphql-response+json}
 * (400 for request errors that produce no {@code data}, 405 for a mutation over GET, 200 otherwise).
 */
public record GatewayResponse(int status, ObjectNode body) {}
