package io.streamplane.encoder.shots;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hard cuts of a video found by ffmpeg's scene-change score ({@code select='gt(scene,T)'}, the frame-difference
 * measure of the select filter), returned as the first frame of each new shot.
 */
public final class SceneCutDetector {

    /** Scene score above which a frame starts a new shot; 0.3 finds hard cuts without firing on fast motion. */
    public static final double DEFAULT_THRESHOLD = 0.3;
    private static final Pattern PTS_TIME = Pattern.compile("pts_time:\\s*([0-9.]+)");

    private SceneCutDetector() {
    }

    public static List<Integer> cutFrames(FfmpegTools tools, Path video, double fps, double threshold,
                                          Duration timeout) {
        ProcessRunner.Result result = tools.ffmpeg(List.of("-nostdin", "-v", "info", "-i", video.toString(),
                "-map", "0:v:0", "-vf", String.format(Locale.ROOT, "select='gt(scene,%s)',showinfo", threshold),
                "-f", "null", "-"), timeout);
        if (result.exitCode() != 0) {
            throw new MediaToolException("SCENE_DETECT_FAILED", "scene detection failed on " + video + ": "
                    + result.stderr().strip().lines().reduce((a, b) -> b).orElse("no details"));
        }
        List<Integer> cuts = new ArrayList<>();
        Matcher m = PTS_TIME.matcher(result.stderr());
        while (m.find()) {
            cuts.add((int) Math.round(Double.parseDouble(m.group(1)) * fps));
        }
        return cuts;
    }
}
