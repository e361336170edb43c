package io.streamplane.encoder.coordinator;

import io.streamplane.encoder.jobs.JobPlanner;
import io.streamplane.encoder.jobs.JobSettings;
import io.streamplane.encoder.jobs.TaskJson;
import io.streamplane.encoder.jobs.TaskKind;
import io.streamplane.encoder.jobs.TaskPayloads;
import io.streamplane.encoder.keystore.KeyStore;
import io.streamplane.encoder.manifest.ContentKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The farm's brain: jobs split into tasks ({@link JobPlanner}), handed to workers that pull them, re-queued when a
 * worker falls silent, and published when all are done. Cassandra is the truth; the open jobs are mirrored in memory
 * for claims and progress, and reloaded from Cassandra when a coordinator starts, so a restart resumes every job.
 * One coordinator runs at a time (claims are still lightweight transactions, so a second one could not double-run a
 * task).
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    /**
     * @param heartbeatInterval how often workers beat
     * @param heartbeatTimeout silence after which a worker's tasks go to other workers
     * @param maxAttempts runs of a task that failed with a retryable error before the job fails
     */
    public record Config(Duration heartbeatInterval, Duration heartbeatTimeout, int maxAttempts) {

        public static Config defaults() {
            return new Config(Duration.ofSeconds(1), Duration.ofSeconds(10), 3);
        }
    }

    public record TaskInfo(String id, TaskKind kind, String state, String workerId, int attempt) {
    }

    public record ChunkInfo(int index, int done, int total) {
    }

    /** A job as operators see it. */
    public record JobView(String jobId, String titleId, String state, String stage, int chunksDone, int chunksTotal,
                          int tasksDone, int tasksTotal, double etaSeconds, String errorCode, String errorMessage,
                          String warning, String keyId, List<ChunkInfo> chunks, List<TaskInfo> tasks,
                          Instant createdAt, Instant updatedAt) {

        public boolean finished() {
            return !RUNNING.equals(state);
        }
    }

    public record WorkerView(String workerId, String host, int slots, boolean alive, Instant lastHeartbeat,
                             List<String> running) {
    }

    /** A task handed to a worker; {@code key} only for tasks that encrypt. */
    public record Assignment(String jobId, String taskId, int attempt, TaskKind kind, String payload, ContentKey key) {
    }

    public record Submitted(String jobId, boolean alreadyRunning) {
    }

    /** A request the farm refuses: NOT_FOUND or INVALID_ARGUMENT with a stable code. */
    public static final class FarmException extends RuntimeException {
        private final String code;
        private final boolean notFound;

        FarmException(String code, String message, boolean notFound) {
            super(message);
            this.code = code;
            this.notFound = notFound;
        }

        public String code() {
            return code;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    static final String RUNNING = "RUNNING";

    private static final class Task {
        final String id;
        final TaskKind kind;
        final String payload;
        String state;
        String workerId;
        int attempt;
        String result;

        Task(FarmStore.TaskRow row) {
            id = row.taskId();
            kind = row.kind();
            payload = row.payload();
            state = row.state();
            workerId = row.workerId();
            attempt = row.attempt();
            result = row.result();
        }
    }

    private static final class Job {
        final FarmStore.JobRow row;
        final JobSettings settings;
        final ContentKey key;
        final Map<String, Task> tasks = new LinkedHashMap<>();
        String state;
        String stage;
        String errorCode;
        String errorMessage;
        String warning;
        Instant updatedAt;
        boolean notifying;

        Job(FarmStore.JobRow row, ContentKey key) {
            this.row = row;
            this.settings = TaskJson.read(row.settings(), JobSettings.class);
            this.key = key;
            state = row.state();
            stage = row.stage();
            errorCode = row.errorCode();
            errorMessage = row.errorMessage();
            warning = row.warning();
            updatedAt = row.updatedAt();
        }
    }

    private final FarmStore store;
    private final KeyStore keys;
    private final Publisher publisher;
    private final Config config;
    private final Instant startedAt = Instant.now();
    private final Map<String, Job> open = new LinkedHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JobView>>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reaper"));
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> daemon(r, "publisher"));

    Coordinator(FarmStore store, KeyStore keys, Publisher publisher, Config config) {
        this.store = store;
        this.keys = keys;
        this.publisher = publisher;
        this.config = config;
    }

    /** Loads the open jobs and the known workers, plans what is missing, and starts watching heartbeats. */
    public void start() {
        synchronized (this) {
            for (FarmStore.WorkerRow w : store.workers()) {
                // A worker's silence while no coordinator ran is not its fault: count from our start.
                Instant seen = w.lastHeartbeat() == null || w.lastHeartbeat().isBefore(startedAt) ? startedAt
                        : w.lastHeartbeat();
                lastSeen.put(w.workerId(), seen);
            }
            for (String jobId : store.openJobIds()) {
                Optional<FarmStore.JobRow> row = store.job(jobId);
                if (row.isEmpty()) {
                    store.closeJob(jobId);
                    continue;
                }
                Job job = load(row.get());
                open.put(jobId, job);
                log.info("resuming job {} of title {} at stage {}", jobId, job.row.titleId(), job.stage);
            }
            for (Job job : List.copyOf(open.values())) {
                advance(job);
            }
        }
        long every = config.heartbeatInterval().toMillis();
        reaper.scheduleWithFixedDelay(this::reapSilentWorkers, every, every, TimeUnit.MILLISECONDS);
    }

    private Job load(FarmStore.JobRow row) {
        ContentKey key = row.keyId() == null ? null : keys.get(row.titleId(), row.keyId())
                .map(KeyStore.StoredKey::key).orElseThrow(() -> new IllegalStateException(
                        "key " + row.keyId() + " of job " + row.jobId() + " is missing from the key store"));
        Job job = new Job(row, key);
        store.tasks(row.jobId()).values().forEach(t -> job.tasks.put(t.taskId(), new Task(t)));
        return job;
    }

    // ------------------------------------------------------------------ operators

    public synchronized Submitted submit(String titleId, String source, JobSettings settings) {
        if (titleId == null || !titleId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new FarmException("INVALID_TITLE_ID", "title_id must match [A-Za-z0-9][A-Za-z0-9_-]{0,63}, got '"
                    + titleId + "'", false);
        }
        if (source == null || !source.startsWith("/")) {
            throw new FarmException("INVALID_SOURCE", "source_path must be an absolute path on the farm's shared"
                    + " storage, got '" + source + "'", false);
        }
        for (Job job : open.values()) {
            if (job.row.titleId().equals(titleId)) {
                return new Submitted(job.row.jobId(), true);
            }
        }
        ContentKey key = settings.encrypt() ? keys.create(titleId) : null;
        Instant now = Instant.now();
        String jobId = "j" + Long.toString(now.toEpochMilli(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
        FarmStore.JobRow row = new FarmStore.JobRow(jobId, titleId, source, TaskJson.write(settings), RUNNING,
                "ingest", key == null ? null : key.keyIdHex(), null, null, null, now, now);
        store.insertJob(row);
        Job job = new Job(row, key);
        open.put(jobId, job);
        log.info("job {}: title {} from {}", jobId, titleId, source);
        advance(job);
        return new Submitted(jobId, false);
    }

    public JobView job(String jobId) {
        synchronized (this) {
            Job job = open.get(jobId);
            if (job != null) {
                return view(job);
            }
        }
        FarmStore.JobRow row = store.job(jobId).orElseThrow(() -> new FarmException("JOB_NOT_FOUND",
                "no job " + jobId, true));
        Job job = new Job(row, null);
        store.tasks(jobId).values().forEach(t -> job.tasks.put(t.taskId(), new Task(t)));
        return view(job);
    }

    /** Calls the listener with the job now and after every change; the returned action unsubscribes. */
    public Runnable watch(String jobId, Consumer<JobView> listener) {
        synchronized (this) {
            Job job = open.get(jobId);
            if (job != null) {
                List<Consumer<JobView>> list = watchers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>());
                list.add(listener);
                listener.accept(view(job));
                return () -> list.remove(listener);
            }
        }
        listener.accept(job(jobId));
        return () -> { };
    }

    public synchronized JobView cancel(String jobId) {
        Job job = open.get(jobId);
        if (job == null) {
            return job(jobId);
        }
        end(job, "CANCELLED", null, null);
        log.info("job {} cancelled", jobId);
        return view(job);
    }

    public List<WorkerView> workers() {
        List<FarmStore.WorkerRow> rows = store.workers();
        Map<String, List<String>> running = new HashMap<>();
        synchronized (this) {
            for (Job job : open.values()) {
                for (Task t : job.tasks.values()) {
                    if (RUNNING.equals(t.state)) {
                        running.computeIfAbsent(t.workerId, k -> new ArrayList<>()).add(job.row.jobId() + "/" + t.id);
                    }
                }
            }
        }
        Instant now = Instant.now();
        return rows.stream().map(w -> {
            Instant seen = lastSeen.getOrDefault(w.workerId(), w.lastHeartbeat());
            boolean alive = seen != null && seen.plus(config.heartbeatTimeout()).isAfter(now);
            return new WorkerView(w.workerId(), w.host(), w.slots(), alive, w.lastHeartbeat(),
                    running.getOrDefault(w.workerId(), List.of()));
        }).filter(w -> w.alive() || !w.running().isEmpty()).toList();
    }

    // ------------------------------------------------------------------ workers

    public void register(String workerId, String host, int slots) {
        store.registerWorker(workerId, host, slots);
        lastSeen.put(workerId, Instant.now());
        log.info("worker {} registered ({} slots on {})", workerId, slots, host);
    }

    /** Records the beat; returns the listed tasks the worker must stop, or null if it must register again. */
    public List<Assignment> heartbeat(String workerId, List<Assignment> running) {
        if (!lastSeen.containsKey(workerId)) {
            return null;
        }
        lastSeen.put(workerId, Instant.now());
        store.heartbeat(workerId, running.stream().map(r -> r.jobId() + "/" + r.taskId())
                .collect(Collectors.toSet()));
        List<Assignment> cancel = new ArrayList<>();
        synchronized (this) {
            for (Assignment r : running) {
                Job job = open.get(r.jobId());
                Task t = job == null ? null : job.tasks.get(r.taskId());
                if (t == null || !RUNNING.equals(t.state) || !workerId.equals(t.workerId) || t.attempt != r.attempt()) {
                    cancel.add(r);
                }
            }
        }
        return cancel;
    }

    /** The oldest job's next pending task, claimed for the worker; waits up to {@code wait} for one. */
    public synchronized Optional<Assignment> claim(String workerId, Duration wait) throws InterruptedException {
        lastSeen.put(workerId, Instant.now());
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (Job job : List.copyOf(open.values())) {
                for (Task t : job.tasks.values()) {
                    if (!"PENDING".equals(t.state)) {
                        continue;
                    }
                    int attempt = t.attempt + 1;
                    if (!store.claim(job.row.jobId(), t.id, workerId, attempt)) {
                        refresh(job, t);
                        continue;
                    }
                    t.state = RUNNING;
                    t.workerId = workerId;
                    t.attempt = attempt;
                    fire(job);
                    boolean encrypts = t.kind == TaskKind.RUNG || t.kind == TaskKind.AUDIO || t.kind == TaskKind.PUBLISH;
                    return Optional.of(new Assignment(job.row.jobId(), t.id, attempt, t.kind, t.payload,
                            encrypts ? job.key : null));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Accepts a result if the task is still this worker's attempt. */
    public synchronized boolean complete(String workerId, String jobId, String taskId, int attempt, String result) {
        lastSeen.put(workerId, Instant.now());
        Job job = open.get(jobId);
        Task t = job == null ? null : job.tasks.get(taskId);
        if (t == null || !RUNNING.equals(t.state) || !workerId.equals(t.workerId) || t.attempt != attempt) {
            return false;
        }
        if (!store.finish(jobId, taskId, workerId, attempt, "DONE", result, null, null)) {
            refresh(job, t);
            return false;
        }
        t.state = "DONE";
        t.result = result;
        advance(job);
        return true;
    }

    /** A retryable failure goes back to the queue until the attempts run out; any other fails the job. */
    public synchronized boolean fail(String workerId, String jobId, String taskId, int attempt, String code,
                                     String message, boolean retryable) {
        lastSeen.put(workerId, Instant.now());
        Job job = open.get(jobId);
        Task t = job == null ? null : job.tasks.get(taskId);
        if (t == null || !RUNNING.equals(t.state) || !workerId.equals(t.workerId) || t.attempt != attempt) {
            return false;
        }
        if (retryable && attempt < config.maxAttempts()) {
            if (store.requeue(jobId, taskId, workerId, attempt, code, message)) {
                log.info("job {} task {} failed on {} ({}: {}), queued again", jobId, taskId, workerId, code, message);
                t.state = "PENDING";
                t.workerId = null;
                notifyAll();
                fire(job);
                return true;
            }
            refresh(job, t);
            return false;
        }
        if (!store.finish(jobId, taskId, workerId, attempt, "FAILED", null, code, message)) {
            refresh(job, t);
            return false;
        }
        t.state = "FAILED";
        end(job, "FAILED", code, message);
        log.info("job {} failed: {} {}", jobId, code, message);
        return true;
    }

    // ------------------------------------------------------------------ internals

    /** Plans the job's next tasks (idempotent), records the stage, and starts publishing when all are done. */
    private void advance(Job job) {
        JobPlanner.Step step;
        try {
            Map<String, JobPlanner.TaskView> views = new LinkedHashMap<>();
            job.tasks.forEach((id, t) -> views.put(id, new JobPlanner.TaskView(t.kind, t.state, t.result)));
            step = JobPlanner.next(job.row.jobId(), job.row.titleId(), job.row.source(), job.settings, views);
        } catch (RuntimeException e) {
            log.warn("job {}: planning failed", job.row.jobId(), e);
            end(job, "FAILED", "PLANNING_FAILED", "the farm could not plan the next step: " + e.getMessage());
            return;
        }
        if (step.failureCode() != null) {
            end(job, "FAILED", step.failureCode(), step.failureMessage());
            return;
        }
        for (JobPlanner.NewTask n : step.create()) {
            store.insertTask(job.row.jobId(), n.id(), n.kind(), n.payload());
            job.tasks.put(n.id(), new Task(new FarmStore.TaskRow(n.id(), n.kind(), n.payload(), "PENDING", null, 0,
                    null, null, null)));
        }
        if (!step.stage().equals(job.stage)) {
            job.stage = step.stage();
            persist(job);
        }
        if (step.published() && !job.notifying) {
            job.notifying = true;
            notifier.submit(() -> announce(job));
        }
        notifyAll();
        fire(job);
    }

    /** Tells the catalog (and the control plane) about the published title; the job ends with the outcome. */
    private void announce(Job job) {
        String warning = null;
        String failure = null;
        try {
            TaskPayloads.PublishResult files = TaskJson.read(job.tasks.get("publish").result,
                    TaskPayloads.PublishResult.class);
            warning = publisher.publish(job.row.titleId(), job.row.keyId(), files.files());
        } catch (Publisher.PublishException e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            log.warn("job {}: announcing failed", job.row.jobId(), e);
            failure = e.toString();
        }
        synchronized (this) {
            if (open.get(job.row.jobId()) != job) {
                return;
            }
            job.warning = warning;
            if (failure == null) {
                job.stage = "done";
                end(job, "DONE", null, null);
                log.info("job {} done: title {} published", job.row.jobId(), job.row.titleId());
            } else {
                end(job, "FAILED", "PUBLISH_FAILED", "the title is in the origin but the catalog was not told: "
                        + failure);
            }
        }
    }

    /** Ends a job: unfinished tasks are cancelled (workers stop them at their next heartbeat). */
    private void end(Job job, String state, String code, String message) {
        job.state = state;
        job.errorCode = code;
        job.errorMessage = message;
        for (Task t : job.tasks.values()) {
            if ("PENDING".equals(t.state) || RUNNING.equals(t.state)) {
                store.cancel(job.row.jobId(), t.id);
                t.state = "CANCELLED";
            }
        }
        persist(job);
        store.closeJob(job.row.jobId());
        open.remove(job.row.jobId());
        fire(job);
        watchers.remove(job.row.jobId());
    }

    private void persist(Job job) {
        job.updatedAt = Instant.now();
        store.updateJob(job.row.jobId(), job.state, job.stage, job.errorCode, job.errorMessage, job.warning);
    }

    /** A transaction was refused: the stored task differs from our copy, take the stored one. */
    private void refresh(Job job, Task t) {
        FarmStore.TaskRow row = store.tasks(job.row.jobId()).get(t.id);
        if (row != null) {
            t.state = row.state();
            t.workerId = row.workerId();
            t.attempt = row.attempt();
            t.result = row.result();
        }
    }

    /** Tasks of workers silent past the timeout go back to the queue. */
    private void reapSilentWorkers() {
        try {
            Instant limit = Instant.now().minus(config.heartbeatTimeout());
            synchronized (this) {
                boolean requeued = false;
                for (Job job : List.copyOf(open.values())) {
                    for (Task t : job.tasks.values()) {
                        if (!RUNNING.equals(t.state)) {
                            continue;
                        }
                        Instant seen = lastSeen.getOrDefault(t.workerId, startedAt);
                        if (seen.isAfter(limit)) {
                            continue;
                        }
                        if (store.requeue(job.row.jobId(), t.id, t.workerId, t.attempt, "WORKER_LOST",
                                "worker " + t.workerId + " fell silent")) {
                            log.info("worker {} silent since {}: task {}/{} queued again", t.workerId, seen,
                                    job.row.jobId(), t.id);
                            t.state = "PENDING";
                            t.workerId = null;
                            requeued = true;
                            fire(job);
                        } else {
                            refresh(job, t);
                        }
                    }
                }
                if (requeued) {
                    notifyAll();
                }
                lastSeen.entrySet().removeIf(e -> e.getValue().isBefore(limit.minus(config.heartbeatTimeout())));
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat check failed (will retry)", e);
        }
    }

    private void fire(Job job) {
        List<Consumer<JobView>> list = watchers.get(job.row.jobId());
        if (list == null || list.isEmpty()) {
            return;
        }
        JobView view = view(job);
        for (Consumer<JobView> l : list) {
            try {
                l.accept(view);
            } catch (RuntimeException e) {
                list.remove(l);
            }
        }
    }

    private JobView view(Job job) {
        TreeMap<Integer, int[]> chunks = new TreeMap<>();
        int done = 0;
        List<TaskInfo> tasks = new ArrayList<>();
        for (Task t : job.tasks.values()) {
            boolean finished = "DONE".equals(t.state);
            done += finished ? 1 : 0;
            tasks.add(new TaskInfo(t.id, t.kind, t.state, t.workerId == null ? "" : t.workerId, t.attempt));
            if (t.kind == TaskKind.CANDIDATE) {
                int chunk = Integer.parseInt(t.id.substring("cand-c".length(), t.id.indexOf("-h")));
                int[] c = chunks.computeIfAbsent(chunk, k -> new int[2]);
                c[0] += finished ? 1 : 0;
                c[1]++;
            }
        }
        List<ChunkInfo> chunkInfos = chunks.entrySet().stream()
                .map(e -> new ChunkInfo(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        int chunksDone = (int) chunkInfos.stream().filter(c -> c.done() == c.total()).count();
        // Before the ladder exists the later tasks are not created yet: count them as the settings foresee.
        int expected = job.tasks.size();
        if (!job.tasks.containsKey(JobPlanner.rungId(0))) {
            expected += Math.max(1, job.settings.rungs()) * job.settings.codecs().size() + 2;
        } else if (!job.tasks.containsKey("publish")) {
            expected += 1;
        }
        double eta = -1;
        if (RUNNING.equals(job.state) && done > 0 && !chunks.isEmpty()) {
            double elapsed = Duration.between(job.row.createdAt(), Instant.now()).toMillis() / 1000.0;
            eta = elapsed * (expected - done) / done;
        } else if (!RUNNING.equals(job.state)) {
            eta = 0;
        }
        return new JobView(job.row.jobId(), job.row.titleId(), job.state, job.stage, chunksDone, chunkInfos.size(),
                done, RUNNING.equals(job.state) ? expected : job.tasks.size(), eta, job.errorCode, job.errorMessage,
                job.warning, job.row.keyId(), chunkInfos, tasks, job.row.createdAt(), job.updatedAt);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, "coordinator-" + name);
        t.setDaemon(true);
        return t;
    }

    /** Stops the background work; jobs stay in Cassandra for the next coordinator. */
    @Override
    public void close() {
        reaper.shutdownNow();
        notifier.shutdownNow();
        synchronized (this) {
            notifyAll();
        }
    }
}
