package io.streamplane.encoder.coordinator;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.proto.encoder.v1.ClaimTaskRequest;
import io.streamplane.proto.encoder.v1.CompleteTaskRequest;
import io.streamplane.proto.encoder.v1.FailTaskRequest;
import io.streamplane.proto.encoder.v1.HeartbeatRequest;
import io.streamplane.proto.encoder.v1.HeartbeatResponse;
import io.streamplane.proto.encoder.v1.RegisterWorkerRequest;
import io.streamplane.proto.encoder.v1.RegisterWorkerResponse;
import io.streamplane.proto.encoder.v1.RunningTask;
import io.streamplane.proto.encoder.v1.TaskAck;
import io.streamplane.proto.encoder.v1.TaskAssignment;
import io.streamplane.proto.encoder.v1.TaskServiceGrpc;
import java.time.Duration;
import java.util.List;

/** TaskService: the workers' side of the {@link Coordinator}. */
final class TaskGrpcService extends TaskServiceGrpc.TaskServiceImplBase {

    private static final long MAX_WAIT_MS = 10_000;

    private final Coordinator coordinator;
    private final Duration heartbeatInterval;

    TaskGrpcService(Coordinator coordinator, Duration heartbeatInterval) {
        this.coordinator = coordinator;
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerResponse> response) {
        if (request.getWorkerId().isBlank() || request.getSlots() < 1) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("worker_id and slots >= 1 are required")
                    .asRuntimeException());
            return;
        }
        EncoderGrpcService.unary(response, () -> {
            coordinator.register(request.getWorkerId(), request.getHost(), request.getSlots());
            return RegisterWorkerResponse.newBuilder().setHeartbeatIntervalMs(heartbeatInterval.toMillis()).build();
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        EncoderGrpcService.unary(response, () -> {
            List<Coordinator.Assignment> running = request.getRunningList().stream()
                    .map(r -> new Coordinator.Assignment(r.getJobId(), r.getTaskId(), r.getAttempt(), null, null, null))
                    .toList();
            List<Coordinator.Assignment> cancel = coordinator.heartbeat(request.getWorkerId(), running);
            HeartbeatResponse.Builder out = HeartbeatResponse.newBuilder();
            if (cancel == null) {
                return out.setRegisterAgain(true).build();
            }
            cancel.forEach(c -> out.addCancel(RunningTask.newBuilder().setJobId(c.jobId()).setTaskId(c.taskId())
                    .setAttempt(c.attempt())));
            return out.build();
        });
    }

    @Override
    public void claimTask(ClaimTaskRequest request, StreamObserver<TaskAssignment> response) {
        EncoderGrpcService.unary(response, () -> {
            long wait = Math.max(0, Math.min(MAX_WAIT_MS, request.getWaitMs()));
            try {
                return coordinator.claim(request.getWorkerId(), Duration.ofMillis(wait)).map(a -> {
                    TaskAssignment.Builder b = TaskAssignment.newBuilder().setJobId(a.jobId()).setTaskId(a.taskId())
                            .setAttempt(a.attempt()).setKind(a.kind().wireName()).setPayloadJson(a.payload());
                    if (a.key() != null) {
                        b.setContentKey(ByteString.copyFrom(a.key().key()))
                                .setContentKeyId(ByteString.copyFrom(a.key().keyId()));
                    }
                    return b.build();
                }).orElse(TaskAssignment.getDefaultInstance());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TaskAssignment.getDefaultInstance();
            }
        });
    }

    @Override
    public void completeTask(CompleteTaskRequest request, StreamObserver<TaskAck> response) {
        EncoderGrpcService.unary(response, () -> TaskAck.newBuilder().setAccepted(coordinator.complete(
                request.getWorkerId(), request.getJobId(), request.getTaskId(), request.getAttempt(),
                request.getResultJson())).build());
    }

    @Override
    public void failTask(FailTaskRequest request, StreamObserver<TaskAck> response) {
        EncoderGrpcService.unary(response, () -> TaskAck.newBuilder().setAccepted(coordinator.fail(
                request.getWorkerId(), request.getJobId(), request.getTaskId(), request.getAttempt(),
                request.getErrorCode(), request.getErrorMessage(), request.getRetryable())).build());
    }
}
