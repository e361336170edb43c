package io.streamplane.encoder.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool with a deadline, collecting stdout and the tail of stderr. A tool that overruns is killed
 * together with its children, so a stuck decode can never hang a job.
 */
public final class ProcessRunner {

    /** stderr beyond this is dropped from the front: the reason for a failure is at the end. */
    private static final int STDERR_KEEP = 16 * 1024;

    /** Exit code and captured output of a finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ProcessRunner() {
    }

    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.start();
            TaskProcesses.started(process);
            process.getOutputStream().close();  // tools never get input from us
        } catch (IOException e) {
            throw new MediaToolException("TOOL_START_FAILED", "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(process.getInputStream(), Integer.MAX_VALUE);
        Drain err = new Drain(process.getErrorStream(), STDERR_KEEP);
        out.start();
        err.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new MediaToolException("TOOL_TIMEOUT", command.get(0) + " did not finish within "
                        + timeout.toSeconds() + " s and was stopped");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MediaToolException("TOOL_INTERRUPTED", command.get(0) + " was interrupted", e);
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    /** Reads a stream to its end on its own thread so a chatty tool never blocks on a full pipe. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int keep;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Drain(InputStream in, int keep) {
            super("process-drain");
            setDaemon(true);
            this.in = in;
            this.keep = keep;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                        if (buffer.size() > 2 * keep && keep < Integer.MAX_VALUE / 2) {
                            byte[] all = buffer.toByteArray();
                            buffer.reset();
                            buffer.write(all, all.length - keep, keep);
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; what was read so far is all there is.
            }
        }

        String text() {
            synchronized (buffer) {
                byte[] all = buffer.toByteArray();
                int from = Math.max(0, all.length - keep);
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
