package io.streamplane.encoder.encode;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Encodes chunks of a title to H.264 with the plan's keyframes and joins them without re-encoding. Keyframes are
 * forced at exactly the plan's frames and x264's own scene-cut keyframes are off, so every rendition of a title gets
 * identical keyframe times and its segments line up across the ladder.
 */
public final class ChunkEncoder {

    private final FfmpegTools tools;

    public ChunkEncoder(FfmpegTools tools) {
        this.tools = tools;
    }

    /** Encodes frames [chunk.start, chunk.end) of the source (video only) to an MP4 file. */
    public void encode(Path source, ChunkPlan plan, Chunk chunk, RenditionSettings rendition, Path out) {
        double fps = plan.fps();
        String keyframes = plan.keyframes().stream()
                .filter(k -> k >= chunk.startFrame() && k < chunk.endFrame())
                .map(k -> String.format(Locale.ROOT, "%.6f", (k - chunk.startFrame()) / fps))
                .collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y",
                "-ss", String.format(Locale.ROOT, "%.6f", chunk.startFrame() / fps), "-i", source.toString(),
                "-map", "0:v:0", "-frames:v", String.valueOf(chunk.frames()),
                "-vf", "scale=-2:" + rendition.height() + ":flags=bicubic", "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", rendition.preset()));
        if (rendition.crf() != null) {
            args.addAll(List.of("-crf", String.valueOf(rendition.crf())));
        } else {
            String rate = rendition.kbps() + "k";
            args.addAll(List.of("-b:v", rate, "-maxrate", rate, "-bufsize", 2 * rendition.kbps() + "k"));
        }
        // Only forced keyframes: no scene-cut IDRs, and a GOP limit longer than any chunk.
        args.addAll(List.of("-force_key_frames", keyframes, "-sc_threshold", "0",
                "-g", String.valueOf(chunk.frames() + 1), "-an", out.toString()));
        run(args, "encode chunk " + chunk.index() + " at " + rendition.label(), chunk.frames() / fps);
    }

    /** Joins chunk files in order into one MP4 with the concat demuxer (stream copy). */
    public void concat(List<Path> parts, Path out) {
        Path list = out.resolveSibling(out.getFileName() + ".parts.txt");
        try {
            Files.write(list, parts.stream()
                    .map(p -> "file '" + p.toAbsolutePath().toString().replace("'", "'\\''") + "'").toList());
            run(List.of("-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list.toString(),
                    "-c", "copy", out.toString()), "concatenate " + parts.size() + " chunks", 0);
        } catch (IOException e) {
            throw new MediaToolException("CONCAT_FAILED", "cannot write " + list + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException e) {
                // a stray list file next to the output is harmless
            }
        }
    }

    private void run(List<String> args, String what, double mediaSeconds) {
        ProcessRunner.Result r = tools.ffmpeg(args, Duration.ofSeconds(120 + (long) (60 * mediaSeconds)));
        if (r.exitCode() != 0) {
            throw new MediaToolException("ENCODE_FAILED", what + " failed: " + r.stderr().strip());
        }
    }
}
