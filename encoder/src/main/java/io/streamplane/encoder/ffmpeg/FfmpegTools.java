package io.streamplane.encoder.ffmpeg;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;

/**
 * Where the ffmpeg and ffprobe executables are. By default they come from the bytedeco {@code ffmpeg} platform jar on
 * the classpath (ffmpeg 8.1.2, GPL build), unpacked once into javacpp's cache next to their shared libraries, so no
 * system install is needed. A system ffmpeg is used instead when configured with the system property
 * {@code streamplane.ffmpeg} or the environment variable {@code STREAMPLANE_FFMPEG} (ffprobe is then expected next to
 * it, or set through {@code streamplane.ffprobe} / {@code STREAMPLANE_FFPROBE}).
 *
 * <p>Only the executables are used: loading bytedeco's JNI libraries would pull libavdevice into this JVM. The bundled
 * executables find their direct libraries through their RUNPATH but not the libraries those need in turn (libva), so
 * they run with {@code LD_LIBRARY_PATH} set to their folder ({@code libraryDir}; null for a system ffmpeg).
 */
public record FfmpegTools(Path ffmpeg, Path ffprobe, Path libraryDir) {

    private static final String BUNDLED = "/org/bytedeco/ffmpeg/" + Loader.getPlatform() + "-gpl/";

    private static volatile FfmpegTools located;

    /** The configured system tools, else the bundled ones; resolved once per JVM and checked to start. */
    public static FfmpegTools locate() {
        FfmpegTools tools = located;
        if (tools == null) {
            synchronized (FfmpegTools.class) {
                tools = located;
                if (tools == null) {
                    tools = resolve();
                    tools.check();
                    located = tools;
                }
            }
        }
        return tools;
    }

    private static FfmpegTools resolve() {
        String configured = setting("streamplane.ffmpeg", "STREAMPLANE_FFMPEG");
        if (configured != null) {
            Path ffmpeg = Path.of(configured);
            String probe = setting("streamplane.ffprobe", "STREAMPLANE_FFPROBE");
            Path ffprobe = probe != null ? Path.of(probe) : ffmpeg.resolveSibling("ffprobe");
            return new FfmpegTools(ffmpeg, ffprobe, null);
        }
        try {
            File[] dirs = Loader.cacheResources(BUNDLED);
            if (dirs == null || dirs.length == 0) {
                throw new MediaToolException("FFMPEG_UNAVAILABLE", "no bundled ffmpeg for platform "
                        + Loader.getPlatform() + " on the classpath (" + BUNDLED + "); set STREAMPLANE_FFMPEG");
            }
            Path dir = dirs[0].toPath();
            Path ffmpeg = executable(dir.resolve("ffmpeg"));
            Path ffprobe = executable(dir.resolve("ffprobe"));
            return new FfmpegTools(ffmpeg, ffprobe, dir);
        } catch (IOException e) {
            throw new MediaToolException("FFMPEG_UNAVAILABLE", "cannot unpack the bundled ffmpeg: " + e.getMessage(), e);
        }
    }

    private static Path executable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaToolException("FFMPEG_UNAVAILABLE", "bundled tool missing: " + file);
        }
        if (!Files.isExecutable(file) && !file.toFile().setExecutable(true)) {
            throw new MediaToolException("FFMPEG_UNAVAILABLE", "cannot make " + file + " executable");
        }
        return file;
    }

    /** Runs ffmpeg with the given arguments. */
    public ProcessRunner.Result ffmpeg(List<String> args, Duration timeout) {
        return ProcessRunner.run(command(ffmpeg, args), environment(), timeout);
    }

    /** Runs ffprobe with the given arguments. */
    public ProcessRunner.Result ffprobe(List<String> args, Duration timeout) {
        return ProcessRunner.run(command(ffprobe, args), environment(), timeout);
    }

    /**
     * Starts ffmpeg for streaming use (the caller reads stdout, drains stderr and ends the process); stdin is closed.
     */
    public Process startFfmpeg(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(ffmpeg, args));
        builder.environment().putAll(environment());
        try {
            Process process = builder.start();
            TaskProcesses.started(process);
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new MediaToolException("TOOL_START_FAILED", "cannot start " + ffmpeg + ": " + e.getMessage(), e);
        }
    }

    private static List<String> command(Path tool, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(tool.toString());
        command.addAll(args);
        return command;
    }

    private Map<String, String> environment() {
        if (libraryDir == null) {
            return Map.of();
        }
        String inherited = System.getenv("LD_LIBRARY_PATH");
        return Map.of("LD_LIBRARY_PATH", inherited == null || inherited.isBlank()
                ? libraryDir.toString() : libraryDir + File.pathSeparator + inherited);
    }

    /** Runs both tools once so a missing shared library shows up as one clear error, not as failed encodes. */
    private void check() {
        for (Path tool : List.of(ffmpeg, ffprobe)) {
            ProcessRunner.Result result;
            try {
                result = ProcessRunner.run(command(tool, List.of("-hide_banner", "-version")), environment(),
                        Duration.ofSeconds(30));
            } catch (MediaToolException e) {
                throw new MediaToolException("FFMPEG_UNAVAILABLE", tool + " does not start: " + e.getMessage(), e);
            }
            if (result.exitCode() != 0) {
                String hint = result.stderr().contains("libpulse")
                        ? " (the bundled build links PulseAudio: install the libpulse0 package, or set STREAMPLANE_FFMPEG)"
                        : "";
                throw new MediaToolException("FFMPEG_UNAVAILABLE", tool + " exited with " + result.exitCode() + ": "
                        + result.stderr().strip() + hint);
            }
        }
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
