package io.streamplane.platform.errors;

/** An error meant for the caller: its code is stable and its message is safe to show. */
public class ServiceException extends RuntimeException {
  private final ErrorCode code;

  public ServiceException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ServiceException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ServiceException badInput(String message) {
    return new ServiceException(ErrorCode.BAD_USER_INPUT, message);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(ErrorCode.NOT_FOUND, message);
  }

  public static ServiceException unavailable(String message, Throwable cause) {
    return new ServiceException(ErrorCode.UNAVAILABLE, message, cause);
  }
}
