package io.streamplane.encoder.ffmpeg;

/** ffmpeg/ffprobe could not be found, started, or finished in time; stable code plus a message for people. */
public final class MediaToolException extends RuntimeException {

    private final String code;

    public MediaToolException(String code, String message) {
        super(message);
        this.code = code;
    }

    public MediaToolException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
