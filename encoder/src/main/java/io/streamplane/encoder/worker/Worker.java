package io.streamplane.encoder.worker;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.streamplane.encoder.ffmpeg.TaskProcesses;
import io.streamplane.encoder.jobs.TaskKind;
import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.proto.encoder.v1.ClaimTaskRequest;
import io.streamplane.proto.encoder.v1.CompleteTaskRequest;
import io.streamplane.proto.encoder.v1.FailTaskRequest;
import io.streamplane.proto.encoder.v1.HeartbeatRequest;
import io.streamplane.proto.encoder.v1.HeartbeatResponse;
import io.streamplane.proto.encoder.v1.RegisterWorkerRequest;
import io.streamplane.proto.encoder.v1.RunningTask;
import io.streamplane.proto.encoder.v1.TaskAssignment;
import io.streamplane.proto.encoder.v1.TaskServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A farm worker: registers with the coordinator, then each of its slots pulls a task, runs it and reports the result,
 * while a heartbeat lists the running tasks and stops those the coordinator cancels (killing their ffmpeg). It holds
 * no state of its own: if it dies, the coordinator gives its tasks to another worker after the heartbeat timeout.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long CLAIM_WAIT_MS = 2000;

    /** A task being run by a slot, with the thread and processes to stop when it is cancelled. */
    private record Running(RunningTask task, Thread thread, TaskProcesses processes) {
    }

    private final ManagedChannel channel;
    private final TaskServiceGrpc.TaskServiceBlockingStub tasks;
    private final String workerId;
    private final String host;
    private final int slots;
    private final TaskExecutor executor;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long heartbeatIntervalMs = 1000;

    public Worker(ManagedChannel channel, String workerId, String host, int slots, TaskExecutor executor) {
        this.channel = channel;
        this.tasks = TaskServiceGrpc.newBlockingStub(channel);
        this.workerId = workerId;
        this.host = host;
        this.slots = slots;
        this.executor = executor;
    }

    public void start() {
        register();
        Thread beat = new Thread(this::heartbeats, "heartbeat");
        beat.setDaemon(true);
        threads.add(beat);
        for (int i = 0; i < slots; i++) {
            Thread slot = new Thread(this::slot, "slot-" + i);
            threads.add(slot);
        }
        threads.forEach(Thread::start);
        log.info("worker {} started with {} slots", workerId, slots);
    }

    /** Registers, retrying while the coordinator is unreachable (it may start after us or be restarting). */
    private void register() {
        heartbeatIntervalMs = retry(() -> tasks.withDeadlineAfter(5, TimeUnit.SECONDS).registerWorker(
                RegisterWorkerRequest.newBuilder().setWorkerId(workerId).setHost(host).setSlots(slots).build()))
                .getHeartbeatIntervalMs();
    }

    private void heartbeats() {
        while (!stopping) {
            try {
                HeartbeatRequest.Builder request = HeartbeatRequest.newBuilder().setWorkerId(workerId);
                running.values().forEach(r -> request.addRunning(r.task()));
                HeartbeatResponse response = tasks.withDeadlineAfter(5, TimeUnit.SECONDS).heartbeat(request.build());
                if (response.getRegisterAgain()) {
                    register();
                }
                for (RunningTask cancel : response.getCancelList()) {
                    Running r = running.get(key(cancel));
                    if (r != null && r.task().getAttempt() == cancel.getAttempt()) {
                        log.info("stopping task {}/{} (cancelled by the coordinator)", cancel.getJobId(),
                                cancel.getTaskId());
                        r.processes().killAll();
                        r.thread().interrupt();
                    }
                }
            } catch (StatusRuntimeException e) {
                log.info("heartbeat failed: {}", e.getStatus());
                reconnectSoon();
            }
            sleep(heartbeatIntervalMs);
        }
    }

    private void slot() {
        while (!stopping) {
            TaskAssignment task;
            try {
                task = tasks.withDeadlineAfter(CLAIM_WAIT_MS + 5000, TimeUnit.MILLISECONDS).claimTask(
                        ClaimTaskRequest.newBuilder().setWorkerId(workerId).setWaitMs(CLAIM_WAIT_MS).build());
            } catch (StatusRuntimeException e) {
                reconnectSoon();
                sleep(1000);
                continue;
            }
            if (task.getTaskId().isEmpty()) {
                continue;
            }
            runTask(task);
        }
    }

    private void runTask(TaskAssignment task) {
        RunningTask id = RunningTask.newBuilder().setJobId(task.getJobId()).setTaskId(task.getTaskId())
                .setAttempt(task.getAttempt()).build();
        ContentKey key = task.getContentKey().isEmpty() ? null
                : new ContentKey(task.getContentKeyId().toByteArray(), task.getContentKey().toByteArray());
        log.info("running {}/{} ({}, attempt {})", task.getJobId(), task.getTaskId(), task.getKind(),
                task.getAttempt());
        String result = null;
        TaskFailure failure = null;
        try (TaskProcesses processes = TaskProcesses.enter()) {
            running.put(key(id), new Running(id, Thread.currentThread(), processes));
            try {
                result = executor.run(TaskKind.fromWire(task.getKind()), task.getPayloadJson(), key);
            } catch (TaskFailure e) {
                failure = e;
            } finally {
                running.remove(key(id));
            }
        }
        boolean cancelled = Thread.interrupted();
        if (cancelled) {
            log.info("task {}/{} stopped", task.getJobId(), task.getTaskId());
            return;
        }
        if (failure == null) {
            String json = result;
            retry(() -> tasks.withDeadlineAfter(10, TimeUnit.SECONDS).completeTask(CompleteTaskRequest.newBuilder()
                    .setWorkerId(workerId).setJobId(task.getJobId()).setTaskId(task.getTaskId())
                    .setAttempt(task.getAttempt()).setResultJson(json).build()));
        } else {
            log.info("task {}/{} failed: {} {}", task.getJobId(), task.getTaskId(), failure.code(),
                    failure.getMessage());
            TaskFailure f = failure;
            retry(() -> tasks.withDeadlineAfter(10, TimeUnit.SECONDS).failTask(FailTaskRequest.newBuilder()
                    .setWorkerId(workerId).setJobId(task.getJobId()).setTaskId(task.getTaskId())
                    .setAttempt(task.getAttempt()).setErrorCode(f.code())
                    .setErrorMessage(f.getMessage() == null ? "" : f.getMessage()).setRetryable(f.retryable())
                    .build()));
        }
    }

    /**
     * Repeats a call while the coordinator is unreachable (restarts take seconds); a finished task's result must not
     * be lost because the coordinator was briefly down.
     */
    private <T> T retry(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (stopping) {
                    throw e;
                }
                log.info("coordinator call failed ({}), retrying", e.getStatus().getCode());
                reconnectSoon();
                sleep(1000);
            }
        }
    }

    /**
     * A restarting coordinator is back within seconds: try the connection again at the next call instead of waiting
     * out gRPC's growing reconnect backoff (which would outlast the heartbeat timeout and lose our tasks).
     */
    private void reconnectSoon() {
        channel.resetConnectBackoff();
    }

    private static String key(RunningTask t) {
        return t.getJobId() + "/" + t.getTaskId();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        running.values().forEach(r -> {
            r.processes().killAll();
            r.thread().interrupt();
        });
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
