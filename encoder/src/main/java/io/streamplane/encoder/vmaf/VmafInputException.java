package io.streamplane.encoder.vmaf;

/** Unusable input (file, format, size, model) with a stable code for callers and a message for people. */
public final class VmafInputException extends RuntimeException {

    private final String code;

    public VmafInputException(String code, String message) {
        super(message);
        this.code = code;
    }

    public VmafInputException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
