package io.streamplane.encoder.coordinator;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.streamplane.encoder.jobs.JobSettings;
import io.streamplane.proto.encoder.v1.CancelJobRequest;
import io.streamplane.proto.encoder.v1.ChunkProgress;
import io.streamplane.proto.encoder.v1.EncodeSettings;
import io.streamplane.proto.encoder.v1.EncoderServiceGrpc;
import io.streamplane.proto.encoder.v1.GetJobRequest;
import io.streamplane.proto.encoder.v1.JobState;
import io.streamplane.proto.encoder.v1.JobStatus;
import io.streamplane.proto.encoder.v1.ListWorkersRequest;
import io.streamplane.proto.encoder.v1.ListWorkersResponse;
import io.streamplane.proto.encoder.v1.SubmitTitleRequest;
import io.streamplane.proto.encoder.v1.SubmitTitleResponse;
import io.streamplane.proto.encoder.v1.TaskStatus;
import io.streamplane.proto.encoder.v1.WorkerInfo;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** EncoderService: maps the operators' calls onto the {@link Coordinator}. */
final class EncoderGrpcService extends EncoderServiceGrpc.EncoderServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(EncoderGrpcService.class);

    private final Coordinator coordinator;

    EncoderGrpcService(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void submitTitle(SubmitTitleRequest request, StreamObserver<SubmitTitleResponse> response) {
        unary(response, () -> {
            EncodeSettings s = request.getSettings();
            JobSettings settings;
            try {
                settings = JobSettings.of(s.getHeightsList(), s.getCrfsList(), s.getRungs(), s.getMinChunkSeconds(),
                        s.getMaxChunkSeconds(), s.getSegmentSeconds(), s.getClear(), s.getCodecsList());
            } catch (IllegalArgumentException e) {
                throw new Coordinator.FarmException("INVALID_SETTINGS", e.getMessage(), false);
            }
            Coordinator.Submitted submitted = coordinator.submit(request.getTitleId(), request.getSourcePath(),
                    settings);
            return SubmitTitleResponse.newBuilder().setJobId(submitted.jobId())
                    .setAlreadyRunning(submitted.alreadyRunning()).build();
        });
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<JobStatus> response) {
        unary(response, () -> status(coordinator.job(request.getJobId())));
    }

    @Override
    public void watchJob(GetJobRequest request, StreamObserver<JobStatus> response) {
        ServerCallStreamObserver<JobStatus> stream = (ServerCallStreamObserver<JobStatus>) response;
        Object lock = new Object();
        try {
            Runnable unsubscribe = coordinator.watch(request.getJobId(), view -> {
                synchronized (lock) {
                    if (stream.isCancelled()) {
                        throw new IllegalStateException("watcher gone");
                    }
                    stream.onNext(status(view));
                    if (view.finished()) {
                        stream.onCompleted();
                        throw new IllegalStateException("job finished");
                    }
                }
            });
            stream.setOnCancelHandler(unsubscribe);
        } catch (IllegalStateException e) {
            // the job had already finished: the stream is complete
        } catch (RuntimeException e) {
            response.onError(error(e));
        }
    }

    @Override
    public void cancelJob(CancelJobRequest request, StreamObserver<JobStatus> response) {
        unary(response, () -> status(coordinator.cancel(request.getJobId())));
    }

    @Override
    public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
        unary(response, () -> {
            ListWorkersResponse.Builder out = ListWorkersResponse.newBuilder();
            for (Coordinator.WorkerView w : coordinator.workers()) {
                out.addWorkers(WorkerInfo.newBuilder().setWorkerId(w.workerId()).setHost(w.host())
                        .setSlots(w.slots()).setAlive(w.alive())
                        .setLastHeartbeatEpochMs(w.lastHeartbeat() == null ? 0 : w.lastHeartbeat().toEpochMilli())
                        .addAllRunning(w.running()));
            }
            return out.build();
        });
    }

    static JobStatus status(Coordinator.JobView v) {
        JobStatus.Builder b = JobStatus.newBuilder().setJobId(v.jobId()).setTitleId(v.titleId())
                .setState(switch (v.state()) {
                    case "DONE" -> JobState.JOB_STATE_DONE;
                    case "FAILED" -> JobState.JOB_STATE_FAILED;
                    case "CANCELLED" -> JobState.JOB_STATE_CANCELLED;
                    default -> JobState.JOB_STATE_RUNNING;
                })
                .setStage(v.stage() == null ? "" : v.stage()).setChunksDone(v.chunksDone())
                .setChunksTotal(v.chunksTotal()).setTasksDone(v.tasksDone()).setTasksTotal(v.tasksTotal())
                .setEtaSeconds(v.etaSeconds()).setErrorCode(nz(v.errorCode())).setErrorMessage(nz(v.errorMessage()))
                .setWarning(nz(v.warning())).setKeyId(nz(v.keyId()))
                .setCreatedEpochMs(v.createdAt() == null ? 0 : v.createdAt().toEpochMilli())
                .setUpdatedEpochMs(v.updatedAt() == null ? 0 : v.updatedAt().toEpochMilli());
        for (Coordinator.ChunkInfo c : v.chunks()) {
            b.addChunks(ChunkProgress.newBuilder().setIndex(c.index()).setCandidatesDone(c.done())
                    .setCandidatesTotal(c.total()));
        }
        for (Coordinator.TaskInfo t : v.tasks()) {
            b.addTasks(TaskStatus.newBuilder().setTaskId(t.id()).setState(t.state()).setWorkerId(t.workerId())
                    .setAttempt(t.attempt()));
        }
        return b.build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            response.onError(error(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    /** Refusals keep their code and message; anything else is a store problem, reported without internals. */
    static RuntimeException error(RuntimeException e) {
        if (e instanceof Coordinator.FarmException f) {
            return (f.notFound() ? Status.NOT_FOUND : Status.INVALID_ARGUMENT)
                    .withDescription(f.code() + ": " + f.getMessage()).asRuntimeException();
        }
        log.warn("request failed", e);
        return Status.UNAVAILABLE.withDescription("STORE_UNAVAILABLE: the farm's store did not answer, retry")
                .asRuntimeException();
    }
}
