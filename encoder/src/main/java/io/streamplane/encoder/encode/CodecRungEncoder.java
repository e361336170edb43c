package io.streamplane.encoder.encode;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.shots.ChunkPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Encodes a whole title to VP9 or AV1 at one height and a target bitrate, with keyframes forced at exactly the
 * plan's keyframes (shot starts and every segment) and the encoders' own keyframe placement pushed beyond the title,
 * so the rendition cuts into the same CMAF segments as the H.264 rungs.
 *
 * <p>Speed settings are chosen for a small farm (2 cores): libvpx-vp9 with {@code -deadline realtime -cpu-used 8
 * -row-mt 1} in CBR, and SVT-AV1 preset 10 (VBR). Both run about as fast as x264 veryfast here ({@link CodecBench});
 * the quality presets would cost several times more CPU per title.
 */
public final class CodecRungEncoder {

    public static final int SVT_AV1_PRESET = 10;
    public static final int VP9_CPU_USED = 8;

    private final FfmpegTools tools;

    public CodecRungEncoder(FfmpegTools tools) {
        this.tools = tools;
    }

    /** Encodes the whole source (video only) to an MP4 file. */
    public void encode(Path source, ChunkPlan plan, VideoCodec codec, int height, int kbps, Path out) {
        if (codec == VideoCodec.H264) {
            throw new IllegalArgumentException("H.264 rungs are joined from their chunk encodes");
        }
        double fps = plan.fps();
        String keyframes = plan.keyframes().stream()
                .map(k -> String.format(Locale.ROOT, "%.6f", k / fps))
                .collect(Collectors.joining(","));
        String gop = String.valueOf(plan.totalFrames() + 1);
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y", "-i", source.toString(),
                "-map", "0:v:0", "-frames:v", String.valueOf(plan.totalFrames()),
                "-vf", "scale=-2:" + height + ":flags=bicubic", "-pix_fmt", "yuv420p"));
        if (codec == VideoCodec.VP9) {
            args.addAll(List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used",
                    String.valueOf(VP9_CPU_USED), "-row-mt", "1",
                    // CBR (minrate = maxrate = bitrate): in VBR mode the realtime rate control ignores maxrate and
                    // overshoots noisy shots by 2x or more, which would make the rung's BANDWIDTH meaningless
                    "-b:v", kbps + "k", "-minrate", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k",
                    // no automatic keyframes: only the forced ones
                    "-g", gop, "-keyint_min", gop));
        } else {
            args.addAll(List.of("-c:v", "libsvtav1", "-preset", String.valueOf(SVT_AV1_PRESET), "-b:v", kbps + "k",
                    "-g", gop, "-svtav1-params", "scd=0"));
        }
        args.addAll(List.of("-force_key_frames", keyframes, "-an", out.toString()));
        double seconds = plan.totalFrames() / fps;
        ProcessRunner.Result r = tools.ffmpeg(args, Duration.ofSeconds(120 + (long) (120 * seconds)));
        if (r.exitCode() != 0) {
            throw new MediaToolException("ENCODE_FAILED", codec.wireName() + " encode at " + height + "p "
                    + kbps + "k failed: " + r.stderr().strip());
        }
    }
}
