package io.streamplane.federation.compose;

import java.util.Objects;

/** A subgraph as its team publishes it: a name, where the gateway reaches it, and its SDL. */
public record SubgraphSource(String name, String routingUrl, String sdl) {
    public SubgraphSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(routingUrl, "routingUrl");
        Objects.requireNonNull(sdl, "sdl");
    }
}
