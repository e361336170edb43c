package io.streamplane.encoder.ingest;

/** A source master the farm refuses, with a stable code and the reason in words. */
public final class IngestException extends RuntimeException {

    private final String code;

    public IngestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
