package io.streamplane.federation.compose;

import java.util.List;
import java.util.Optional;

/** Either a supergraph SDL or the list of errors that prevented it; never both. */
public record CompositionResult(Optional<String> supergraphSdl, List<CompositionError> errors) {

    public CompositionResult {
        errors = List.copyOf(errors);
        if (supergraphSdl.isPresent() == !errors.isEmpty()) {
            throw new IllegalArgumentException("a composition result has a supergraph or errors, not both");
        }
    }

    static CompositionResult success(String sdl) {
        return new CompositionResult(Optional.of(sdl), List.of());
    }

    static CompositionResult failure(List<CompositionError> errors) {
        return new CompositionResult(Optional.empty(), errors);
    }

    public boolean succeeded() {
        return supergraphSdl.isPresent();
    }
}
