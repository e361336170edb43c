package io.streamplane.encoder.worker;

/** Why a task failed: a stable code, the reason, and whether running it again (elsewhere) may succeed. */
public final class TaskFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public TaskFailure(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
