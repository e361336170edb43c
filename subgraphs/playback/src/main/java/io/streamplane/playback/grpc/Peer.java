package io.streamplane.playback.grpc;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.platform.grpc.GrpcErrors;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One gRPC peer: its channel, the deadline of every call and a circuit breaker. Only failures that say the peer is
 * unwell (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, RESOURCE_EXHAUSTED, UNKNOWN) count towards opening the breaker;
 * a peer answering NOT_FOUND is healthy. While the breaker is open calls fail at once with UNAVAILABLE, so a dead
 * peer costs callers nothing but the fallback.
 */
public final class Peer implements AutoCloseable {
  private final String name;
  private final ManagedChannel channel;
  private final Duration deadline;
  private final CircuitBreaker breaker;

  public Peer(String name, ManagedChannel channel, Duration deadline) {
    this.name = name;
    this.channel = channel;
    this.deadline = deadline;
    this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(2)
        .recordException(Peer::peerUnwell)
        .build());
  }

  public ManagedChannel channel() {
    return channel;
  }

  public Duration deadline() {
    return deadline;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Runs one call (given the deadline in ms to apply to its stub) under the breaker. gRPC failures become
   * ServiceExceptions with the peer's error code (from the x-streamplane-error-code trailer when it sent one).
   */
  public <T> T call(Function<Long, T> call) {
    Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, () -> call.apply(deadline.toMillis()));
    try {
      return guarded.get();
    } catch (CallNotPermittedException e) {
      throw new ServiceException(ErrorCode.UNAVAILABLE, name + " is unavailable (circuit open)", e);
    } catch (StatusRuntimeException e) {
      throw toServiceException(e);
    }
  }

  private ServiceException toServiceException(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    String code = trailers == null ? null : trailers.get(GrpcErrors.ERROR_CODE);
    ErrorCode errorCode = switch (e.getStatus().getCode()) {
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case INVALID_ARGUMENT -> ErrorCode.BAD_USER_INPUT;
      case PERMISSION_DENIED -> ErrorCode.FORBIDDEN;
      case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
      case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
      case UNAVAILABLE, RESOURCE_EXHAUSTED -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.INTERNAL;
    };
    if (code != null) {
      try {
        errorCode = ErrorCode.valueOf(code);
      } catch (IllegalArgumentException ignored) {
        // an unknown code from a newer peer: keep the status mapping
      }
    }
    String message = errorCode == ErrorCode.INTERNAL || errorCode == ErrorCode.UNAVAILABLE
        || errorCode == ErrorCode.DEADLINE_EXCEEDED ? name + " is unavailable" : e.getStatus().getDescription();
    return new ServiceException(errorCode == ErrorCode.INTERNAL ? ErrorCode.UNAVAILABLE : errorCode,
        message == null ? name + " refused the call" : message, e);
  }

  /** True when the failure means the peer may be unwell (or unreachable), rather than an answer about the request. */
  public static boolean unwell(ServiceException e) {
    return e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.DEADLINE_EXCEEDED;
  }

  private static boolean peerUnwell(Throwable t) {
    if (t instanceof StatusRuntimeException status) {
      Status.Code code = status.getStatus().getCode();
      return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.INTERNAL
          || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNKNOWN;
    }
    return true;
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
