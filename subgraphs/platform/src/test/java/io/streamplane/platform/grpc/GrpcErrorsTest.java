package io.streamplane.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  private Server server;
  private ManagedChannel channel;

  /** Fails the way the request's name says. */
  static final class FailingService extends SimpleServiceGrpc.SimpleServiceImplBase {
    @Override
    public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> out) {
      switch (request.getRequestMessage()) {
        case "bad" -> throw ServiceException.badInput("field x is wrong");
        case "missing" -> throw ServiceException.notFound("no such thing");
        case "bug" -> throw new IllegalStateException("secret internal detail");
        default -> { }
      }
      out.onNext(SimpleResponse.newBuilder().setResponseMessage("ok").build());
      out.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new FailingService(), new GrpcErrors())).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void serviceExceptionsKeepTheirCodeAndMessage() {
    StatusRuntimeException bad = call("bad");
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    assertEquals("field x is wrong", bad.getStatus().getDescription());
    assertEquals(ErrorCode.BAD_USER_INPUT.name(), bad.getTrailers().get(GrpcErrors.ERROR_CODE));
    assertEquals(Status.Code.NOT_FOUND, call("missing").getStatus().getCode());
  }

  @Test
  void unexpectedFailuresDoNotLeakDetails() {
    StatusRuntimeException bug = call("bug");
    assertEquals(Status.Code.INTERNAL, bug.getStatus().getCode());
    assertEquals("Internal error", bug.getStatus().getDescription());
  }

  @Test
  void deadlinesCapTheWorkAndFailFastOnceExpired() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      Duration max = Duration.ofSeconds(1);
      assertEquals(max, Deadlines.remaining(max));  // no deadline: the service's own cap
      Duration left = Context.current().withDeadlineAfter(10, TimeUnit.SECONDS, scheduler)
          .call(() -> Deadlines.remaining(max));
      assertEquals(max, left);
      Duration shorter = Context.current().withDeadlineAfter(200, TimeUnit.MILLISECONDS, scheduler)
          .call(() -> Deadlines.remaining(max));
      assertTrue(shorter.compareTo(Duration.ofMillis(200)) <= 0, shorter.toString());
      ServiceException expired = assertThrows(ServiceException.class, () -> Context.current()
          .withDeadlineAfter(-1, TimeUnit.MILLISECONDS, scheduler).call(() -> Deadlines.remaining(max)));
      assertEquals(ErrorCode.DEADLINE_EXCEEDED, expired.code());
    } finally {
      scheduler.shutdownNow();
    }
  }

  private StatusRuntimeException call(String message) {
    return assertThrows(StatusRuntimeException.class, () -> SimpleServiceGrpc.newBlockingStub(channel)
        .unaryRpc(SimpleRequest.newBuilder().setRequestMessage(message).build()));
  }
}
