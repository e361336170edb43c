package io.streamplane.gateway.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * One client request.
 *
 * @param readOnly the request came as an HTTP GET, which may not run mutations
 * @param exposePlan the client asked for the query plan in {@code extensions.queryPlan}
 * @param enabledLabels progressive-override labels the caller switched on
 * @param persistedHash the sha256 of {@code extensions.persistedQuery} (automatic persisted queries), or null
 * @param subgraphHeaders client headers to forward to every subgraph call (lower-case names)
 */
public record GraphQLRequest(String query, String operationName, ObjectNode variables, boolean readOnly,
                             boolean exposePlan, Set<String> enabledLabels, String persistedHash,
                             Map<String, String> subgraphHeaders) {}
