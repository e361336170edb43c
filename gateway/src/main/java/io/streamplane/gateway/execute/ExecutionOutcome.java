package io.streamplane.gateway.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The merged (not yet shaped) data of all fetches and the errors collected on the way, with client paths. */
public record ExecutionOutcome(ObjectNode data, List<ObjectNode> errors) {}
