package io.streamplane.encoder.ingest;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test sources of contrasting complexity made with ffmpeg's lavfi generators, joined with hard cuts, encoded near
 * losslessly (x264 CRF 16) with a sine tone as AAC audio in MP4: demo titles and inputs for the pipeline tests.
 */
public final class SyntheticSource {

    /** Content of one shot. */
    public enum Kind {
        /** testsrc2: flat colour areas and sharp edges, like animation; cheap to encode. */
        FLAT,
        /** mandelbrot: a zooming fractal, smooth gradients with fine detail appearing. */
        SMOOTH,
        /** SMPTE HD bars under strong temporal noise: every frame new detail, expensive to encode. */
        NOISY
    }

    /** One shot: its content and length. */
    public record Shot(Kind kind, double seconds) {

        public Shot {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("a shot must last a positive time, got " + seconds);
            }
        }
    }

    /** The written file and the times of its hard cuts (shot starts after the first). */
    public record Result(Path file, List<Double> cutSeconds, double durationSeconds) {
    }

    private SyntheticSource() {
    }

    public static Result generate(FfmpegTools tools, Path out, int width, int height, int fps, List<Shot> shots) {
        if (shots.isEmpty()) {
            throw new IllegalArgumentException("at least one shot is needed");
        }
        if (width % 2 != 0 || height % 2 != 0 || width < 64 || height < 64) {
            throw new IllegalArgumentException("size must be even and at least 64x64, got " + width + "x" + height);
        }
        List<String> command = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y"));
        StringBuilder graph = new StringBuilder();
        List<Double> cuts = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < shots.size(); i++) {
            Shot shot = shots.get(i);
            command.addAll(List.of("-f", "lavfi", "-i", generator(shot.kind(), width, height, fps)));
            String extra = shot.kind() == Kind.NOISY ? "noise=alls=60:allf=t+u," : "";
            graph.append(String.format(Locale.ROOT, "[%d:v]trim=duration=%.3f,setpts=PTS-STARTPTS,%sformat=yuv420p,"
                    + "setsar=1[v%d];", i, shot.seconds(), extra, i));
            if (i > 0) {
                cuts.add(total);
            }
            total += shot.seconds();
        }
        for (int i = 0; i < shots.size(); i++) {
            graph.append("[v").append(i).append(']');
        }
        graph.append("concat=n=").append(shots.size()).append(":v=1:a=0[v]");
        command.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT,
                "sine=frequency=440:sample_rate=48000:duration=%.3f", total)));
        command.addAll(List.of("-filter_complex", graph.toString(), "-map", "[v]", "-map", shots.size() + ":a",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", out.toString()));
        ProcessRunner.Result result = tools.ffmpeg(command, Duration.ofSeconds(120 + (long) (20 * total)));
        if (result.exitCode() != 0) {
            throw new MediaToolException("SYNTHETIC_SOURCE_FAILED", "ffmpeg could not write " + out + ": "
                    + result.stderr().strip());
        }
        return new Result(out, List.copyOf(cuts), total);
    }

    private static String generator(Kind kind, int width, int height, int fps) {
        String size = width + "x" + height;
        return switch (kind) {
            case FLAT -> "testsrc2=size=" + size + ":rate=" + fps;
            case SMOOTH -> "mandelbrot=size=" + size + ":rate=" + fps;
            case NOISY -> "smptehdbars=size=" + size + ":rate=" + fps;
        };
    }
}
