package io.streamplane.encoder.coordinator;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.encoder.jobs.TaskKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Jobs, tasks and workers in the {@code encoder} keyspace. Task state changes are lightweight transactions. */
final class FarmStore {

    /** A job row. */
    record JobRow(String jobId, String titleId, String source, String settings, String state, String stage,
                  String keyId, String errorCode, String errorMessage, String warning, Instant createdAt,
                  Instant updatedAt) {
    }

    /** A task row. */
    record TaskRow(String taskId, TaskKind kind, String payload, String state, String workerId, int attempt,
                   String result, String errorCode, String errorMessage) {
    }

    /** A worker row. */
    record WorkerRow(String workerId, String host, int slots, Instant lastHeartbeat, Set<String> running) {
    }

    private final CqlSession session;
    private final PreparedStatement insertJob;
    private final PreparedStatement updateJob;
    private final PreparedStatement selectJob;
    private final PreparedStatement openJob;
    private final PreparedStatement closeJob;
    private final PreparedStatement openJobs;
    private final PreparedStatement insertTask;
    private final PreparedStatement selectTasks;
    private final PreparedStatement claimTask;
    private final PreparedStatement finishTask;
    private final PreparedStatement requeueTask;
    private final PreparedStatement cancelTask;
    private final PreparedStatement upsertWorker;
    private final PreparedStatement beatWorker;
    private final PreparedStatement selectWorkers;

    FarmStore(CqlSession session) {
        this.session = session;
        insertJob = session.prepare("INSERT INTO jobs (job_id, title_id, source, settings, state, stage, key_id,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        updateJob = session.prepare("UPDATE jobs SET state = ?, stage = ?, error_code = ?, error_message = ?,"
                + " warning = ?, updated_at = ? WHERE job_id = ?");
        selectJob = session.prepare("SELECT * FROM jobs WHERE job_id = ?");
        openJob = session.prepare("INSERT INTO open_jobs (bucket, job_id) VALUES (0, ?)");
        closeJob = session.prepare("DELETE FROM open_jobs WHERE bucket = 0 AND job_id = ?");
        openJobs = session.prepare("SELECT job_id FROM open_jobs WHERE bucket = 0");
        insertTask = session.prepare("INSERT INTO tasks (job_id, task_id, kind, payload, state, attempt, updated_at)"
                + " VALUES (?, ?, ?, ?, 'PENDING', 0, ?) IF NOT EXISTS");
        selectTasks = session.prepare("SELECT * FROM tasks WHERE job_id = ?");
        claimTask = session.prepare("UPDATE tasks SET state = 'RUNNING', worker_id = ?, attempt = ?, updated_at = ?"
                + " WHERE job_id = ? AND task_id = ? IF state = 'PENDING'");
        finishTask = session.prepare("UPDATE tasks SET state = ?, result = ?, error_code = ?, error_message = ?,"
                + " updated_at = ? WHERE job_id = ? AND task_id = ? IF state = 'RUNNING' AND worker_id = ?"
                + " AND attempt = ?");
        requeueTask = session.prepare("UPDATE tasks SET state = 'PENDING', worker_id = null, error_code = ?,"
                + " error_message = ?, updated_at = ? WHERE job_id = ? AND task_id = ? IF state = 'RUNNING'"
                + " AND worker_id = ? AND attempt = ?");
        cancelTask = session.prepare("UPDATE tasks SET state = 'CANCELLED', updated_at = ? WHERE job_id = ?"
                + " AND task_id = ? IF state IN ('PENDING', 'RUNNING')");
        upsertWorker = session.prepare("INSERT INTO workers (worker_id, host, slots, registered_at, last_heartbeat)"
                + " VALUES (?, ?, ?, ?, ?)");
        beatWorker = session.prepare("UPDATE workers SET last_heartbeat = ?, running = ? WHERE worker_id = ?");
        selectWorkers = session.prepare("SELECT * FROM workers");
    }

    /** The job row and its open-job marker (written first: a job in open_jobs without a row is never resumed). */
    void insertJob(JobRow job) {
        session.execute(insertJob.bind(job.jobId(), job.titleId(), job.source(), job.settings(), job.state(),
                job.stage(), job.keyId(), job.createdAt(), job.updatedAt()));
        session.execute(openJob.bind(job.jobId()));
    }

    void updateJob(String jobId, String state, String stage, String errorCode, String errorMessage, String warning) {
        session.execute(updateJob.bind(state, stage, errorCode, errorMessage, warning, Instant.now(), jobId));
    }

    void closeJob(String jobId) {
        session.execute(closeJob.bind(jobId));
    }

    List<String> openJobIds() {
        List<String> ids = new ArrayList<>();
        for (Row row : session.execute(openJobs.bind())) {
            ids.add(row.getString("job_id"));
        }
        return ids;
    }

    Optional<JobRow> job(String jobId) {
        Row r = session.execute(selectJob.bind(jobId)).one();
        return Optional.ofNullable(r).map(row -> new JobRow(row.getString("job_id"), row.getString("title_id"),
                row.getString("source"), row.getString("settings"), row.getString("state"), row.getString("stage"),
                row.getString("key_id"), row.getString("error_code"), row.getString("error_message"),
                row.getString("warning"), row.getInstant("created_at"), row.getInstant("updated_at")));
    }

    Map<String, TaskRow> tasks(String jobId) {
        Map<String, TaskRow> tasks = new LinkedHashMap<>();
        for (Row row : session.execute(selectTasks.bind(jobId))) {
            tasks.put(row.getString("task_id"), new TaskRow(row.getString("task_id"),
                    TaskKind.valueOf(row.getString("kind")), row.getString("payload"), row.getString("state"),
                    row.getString("worker_id"), row.getInt("attempt"), row.getString("result"),
                    row.getString("error_code"), row.getString("error_message")));
        }
        return tasks;
    }

    /** Adds a task unless it exists (a re-planned step after a restart keeps the existing one and its state). */
    void insertTask(String jobId, String taskId, TaskKind kind, String payload) {
        session.execute(insertTask.bind(jobId, taskId, kind.name(), payload, Instant.now()));
    }

    boolean claim(String jobId, String taskId, String workerId, int attempt) {
        return session.execute(claimTask.bind(workerId, attempt, Instant.now(), jobId, taskId)).wasApplied();
    }

    /** DONE or FAILED, only if the task is still this worker's attempt. */
    boolean finish(String jobId, String taskId, String workerId, int attempt, String state, String result,
                   String errorCode, String errorMessage) {
        return session.execute(finishTask.bind(state, result, errorCode, errorMessage, Instant.now(), jobId, taskId,
                workerId, attempt)).wasApplied();
    }

    /** Back to PENDING for another worker, only if the task is still that worker's attempt. */
    boolean requeue(String jobId, String taskId, String workerId, int attempt, String errorCode, String errorMessage) {
        return session.execute(requeueTask.bind(errorCode, errorMessage, Instant.now(), jobId, taskId, workerId,
                attempt)).wasApplied();
    }

    void cancel(String jobId, String taskId) {
        session.execute(cancelTask.bind(Instant.now(), jobId, taskId));
    }

    void registerWorker(String workerId, String host, int slots) {
        Instant now = Instant.now();
        session.execute(upsertWorker.bind(workerId, host, slots, now, now));
    }

    void heartbeat(String workerId, Set<String> running) {
        session.execute(beatWorker.bind(Instant.now(), running, workerId));
    }

    List<WorkerRow> workers() {
        List<WorkerRow> workers = new ArrayList<>();
        for (Row row : session.execute(selectWorkers.bind())) {
            workers.add(new WorkerRow(row.getString("worker_id"), row.getString("host"), row.getInt("slots"),
                    row.getInstant("last_heartbeat"), row.getSet("running", String.class)));
        }
        return workers;
    }
}
