package io.streamplane.federation.diff;

/** How a schema change affects existing clients. */
public enum Criticality {
    /** Existing operations can stop validating or start failing. */
    BREAKING,
    /** Existing operations keep validating but may see values or behaviour they were not written for. */
    DANGEROUS,
    /** No existing operation is affected. */
    SAFE
}
