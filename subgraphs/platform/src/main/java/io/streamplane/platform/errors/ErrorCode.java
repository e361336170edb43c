package io.streamplane.platform.errors;

import io.grpc.Status;

/**
 * Stable error codes shared by every Streamplane service. GraphQL errors carry them in {@code extensions.code},
 * gRPC errors map them to the closest status code.
 */
public enum ErrorCode {
  BAD_USER_INPUT(Status.Code.INVALID_ARGUMENT),
  NOT_FOUND(Status.Code.NOT_FOUND),
  UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
  FORBIDDEN(Status.Code.PERMISSION_DENIED),
  CONFLICT(Status.Code.ABORTED),
  /** Too many attempts (failed sign-ins, licence requests); retry later. */
  RATE_LIMITED(Status.Code.RESOURCE_EXHAUSTED),
  UNAVAILABLE(Status.Code.UNAVAILABLE),
  DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED),
  INTERNAL(Status.Code.INTERNAL);

  private final Status.Code grpcCode;

  ErrorCode(Status.Code grpcCode) {
    this.grpcCode = grpcCode;
  }

  public Status.Code grpcCode() {
    return grpcCode;
  }
}
