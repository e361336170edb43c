package io.streamplane.federation.diff;

import java.util.Objects;

/**
 * One difference between two API schemas.
 *
 * @param coordinate the schema coordinate of the changed element in the schema where it exists
 *                   ({@code Type}, {@code Type.field}, {@code Type.field(arg:)}, {@code Enum.VALUE}, {@code @directive})
 */
public record SchemaChange(ChangeCode code, Criticality criticality, String coordinate, String message) {

    public SchemaChange {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(criticality, "criticality");
        Objects.requireNonNull(coordinate, "coordinate");
        Objects.requireNonNull(message, "message");
    }

    /** {@code CRITICALITY CODE coordinate: message}. */
    public String describe() {
        return criticality + " " + code + " " + coordinate + ": " + message;
    }
}
