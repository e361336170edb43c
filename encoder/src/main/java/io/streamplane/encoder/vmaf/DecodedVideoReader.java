package io.streamplane.encoder.vmaf;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Luma frames of any file ffmpeg reads (the first video stream), decoded by an ffmpeg child process to raw 4:2:0 at
 * the stream's own size: 10-bit output when the source has more than 8 bits, else 8-bit.
 */
public final class DecodedVideoReader implements FrameSource, Closeable {

    private final Process process;
    private final DataInputStream frames;
    private final Thread stderrDrain;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final int width;
    private final int height;
    private final PixelFormat format;
    private final byte[] frame;
    private final Path file;

    /** The whole first video stream of the file. */
    public DecodedVideoReader(FfmpegTools tools, Path file) {
        this(tools, file, 0, 0);
    }

    /**
     * A range of the first video stream: {@code frames} frames (0 = to the end) from {@code startSeconds} (decoded,
     * so frame-accurate): a chunk of a source as the reference for that chunk's encodes.
     */
    public DecodedVideoReader(FfmpegTools tools, Path file, double startSeconds, int frames) {
        if (startSeconds < 0 || frames < 0) {
            throw new IllegalArgumentException("start and frame count must not be negative");
        }
        if (!Files.isRegularFile(file)) {
            throw new VmafInputException("VMAF_FILE_NOT_FOUND", "no such file: " + file);
        }
        this.file = file;
        ProcessRunner.Result probe = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,pix_fmt", "-print_format", "json", file.toString()),
                Duration.ofSeconds(60));
        JsonNode stream = probe.exitCode() == 0 ? new ObjectMapper().readTree(probe.stdout()).path("streams").path(0)
                : null;
        if (stream == null || stream.path("width").asInt(0) <= 0) {
            throw new VmafInputException("VMAF_NOT_VIDEO", file + " has no decodable video stream"
                    + (probe.stderr().isBlank() ? "" : ": " + probe.stderr().strip()));
        }
        this.width = stream.path("width").asInt();
        this.height = stream.path("height").asInt();
        String sourceFormat = stream.path("pix_fmt").asString("");
        this.format = sourceFormat.contains("10") || sourceFormat.contains("12") || sourceFormat.contains("16")
                ? PixelFormat.YUV420P10LE : PixelFormat.YUV420P;
        this.frame = new byte[(int) format.frameBytes(width, height)];
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error"));
        if (startSeconds > 0) {
            args.addAll(List.of("-ss", String.format(Locale.ROOT, "%.6f", startSeconds)));
        }
        args.addAll(List.of("-i", file.toString(), "-map", "0:v:0"));
        if (frames > 0) {
            args.addAll(List.of("-frames:v", String.valueOf(frames)));
        }
        args.addAll(List.of("-f", "rawvideo", "-pix_fmt", format.ffmpegName(), "-"));
        this.process = tools.startFfmpeg(args);
        this.frames = new DataInputStream(process.getInputStream());
        this.stderrDrain = new Thread(this::drainStderr, "ffmpeg-stderr");
        stderrDrain.setDaemon(true);
        stderrDrain.start();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelFormat format() {
        return format;
    }

    @Override
    public int bitDepth() {
        return format.bitDepth();
    }

    @Override
    public LumaPlane next() throws IOException {
        try {
            frames.readFully(frame);
        } catch (EOFException e) {
            finish();
            return null;
        }
        int n = width * height;
        float[] samples = new float[n];
        if (format.bytesPerSample() == 1) {
            for (int i = 0; i < n; i++) {
                samples[i] = frame[i] & 0xFF;
            }
        } else {
            for (int i = 0; i < n; i++) {
                samples[i] = ((frame[2 * i] & 0xFF) | (frame[2 * i + 1] & 0xFF) << 8) / 4f;
            }
        }
        return new LumaPlane(width, height, samples);
    }

    /** At the end of the stream: a decoder error (truncated, corrupt file) is an input error, not a short video. */
    private void finish() throws IOException {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("ffmpeg did not exit after the end of its output");
            }
            stderrDrain.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding " + file, e);
        }
        String errors;
        synchronized (stderr) {
            errors = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        if (process.exitValue() != 0 || !errors.isEmpty()) {
            throw new VmafInputException("VMAF_DECODE_FAILED", "decoding " + file + " failed: "
                    + (errors.isEmpty() ? "exit code " + process.exitValue() : errors));
        }
    }

    private void drainStderr() {
        byte[] chunk = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (stderr) {
                    if (stderr.size() < 64 * 1024) {
                        stderr.write(chunk, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // process gone; what was read is all there is
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
