package io.streamplane.federation.compose;

import java.util.Objects;
import java.util.Optional;

/**
 * One composition problem.
 *
 * @param subgraph   the subgraph the problem was found in, or empty when it is about the merged result
 * @param coordinate schema coordinate ({@code Type}, {@code Type.field}, {@code Type.field(arg:)}, {@code @directive}),
 *                   or empty when the problem concerns the whole schema
 * @param location   where the element is defined in the subgraph's SDL, when known
 */
public record CompositionError(ErrorCode code, String subgraph, String coordinate, String message,
                               Optional<Location> location) {

    /** A 1-based line and column in a subgraph SDL. */
    public record Location(int line, int column) {
    }

    public CompositionError {
        Objects.requireNonNull(code, "code");
        subgraph = subgraph == null ? "" : subgraph;
        coordinate = coordinate == null ? "" : coordinate;
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
    }

    public CompositionError(ErrorCode code, String subgraph, String coordinate, String message) {
        this(code, subgraph, coordinate, message, Optional.empty());
    }

    /** One line: {@code CODE [subgraph] coordinate (line L, column C): message}. */
    public String describe() {
        StringBuilder line = new StringBuilder(code.name());
        if (!subgraph.isEmpty()) {
            line.append(" [").append(subgraph).append(']');
        }
        if (!coordinate.isEmpty()) {
            line.append(' ').append(coordinate);
        }
        location.ifPresent(l -> line.append(" (line ").append(l.line()).append(", column ").append(l.column())
                .append(')'));
        return line.append(": ").append(message).toString();
    }
}
