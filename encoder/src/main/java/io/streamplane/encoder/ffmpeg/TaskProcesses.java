package io.streamplane.encoder.ffmpeg;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The external processes started on behalf of one unit of work (a farm task), so they can be killed together when
 * the work is cancelled: a worker runs several tasks at once and must stop only the cancelled one's ffmpeg. A thread
 * joins a group with {@link #enter()}; every process it starts through {@link ProcessRunner} or
 * {@link FfmpegTools#startFfmpeg} is recorded in it.
 */
public final class TaskProcesses implements AutoCloseable {

    private static final ThreadLocal<TaskProcesses> CURRENT = new ThreadLocal<>();

    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private volatile boolean killed;

    private TaskProcesses() {
    }

    /** Starts a group for the calling thread; close it when the work ends. */
    public static TaskProcesses enter() {
        TaskProcesses group = new TaskProcesses();
        CURRENT.set(group);
        return group;
    }

    static void started(Process process) {
        TaskProcesses group = CURRENT.get();
        if (group != null) {
            group.processes.add(process);
            if (group.killed) {
                kill(process);
            }
        }
    }

    /** Kills every live process of the group (with its children) and any the group starts from now on. */
    public void killAll() {
        killed = true;
        processes.forEach(TaskProcesses::kill);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        CURRENT.remove();
        processes.clear();
    }
}
