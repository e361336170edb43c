package io.streamplane.platform.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.platform.errors.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions thrown by service methods to gRPC statuses: {@link ServiceException} keeps its code and message;
 * anything unexpected becomes INTERNAL with a generic message (details stay in the server log).
 */
public final class GrpcErrors implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);
  public static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("x-streamplane-error-code",
      Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          Metadata trailers = new Metadata();
          call.close(toStatus(e, trailers), trailers);
        }
      }
    };
  }

  static Status toStatus(Throwable e, Metadata trailers) {
    if (e instanceof ServiceException service) {
      trailers.put(ERROR_CODE, service.code().name());
      return Status.fromCode(service.code().grpcCode()).withDescription(service.getMessage());
    }
    if (e instanceof StatusRuntimeException status) {
      return status.getStatus();
    }
    log.error("unexpected failure in gRPC call", e);
    return Status.INTERNAL.withDescription("Internal error");
  }
}
