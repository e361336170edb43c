package io.streamplane.encoder.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkEncoderTest {

    @Test
    void everyRenditionGetsThePlansKeyframesAndAllFrames(@TempDir Path dir) {
        FfmpegTools tools = FfmpegTools.locate();
        Path source = SyntheticSource.generate(tools, dir.resolve("title.mp4"), 320, 180, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 2.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.5))).file();
        // Cut at 2.5 s; keyframes every second inside each shot; chunks of at most about 2 s (three chunks).
        ChunkPlan plan = ChunkPlan.of(96, 24, List.of(60), 0.5, 2, 1);
        assertEquals(List.of(0.0, 1.0, 2.0, 2.5, 3.5), plan.keyframeSeconds());
        assertEquals(3, plan.chunks().size());
        ChunkEncoder encoder = new ChunkEncoder(tools);
        for (RenditionSettings rung : List.of(RenditionSettings.crf(180, 30), RenditionSettings.bitrate(90, 150))) {
            List<Path> parts = new ArrayList<>();
            for (Chunk chunk : plan.chunks()) {
                Path part = dir.resolve(rung.height() + "_" + chunk.index() + ".mp4");
                encoder.encode(source, plan, chunk, rung, part);
                parts.add(part);
            }
            Path joined = dir.resolve("rung_" + rung.height() + ".mp4");
            encoder.concat(parts, joined);
            assertEquals(plan.keyframeSeconds(), keyframeSeconds(tools, joined), rung.label());
            assertEquals(96, frameCount(tools, joined), rung.label());
        }
    }

    @Test
    void settingsNeedExactlyOneRateControl() {
        assertThrows(IllegalArgumentException.class, () -> new RenditionSettings(720, "veryfast", 23, 3000));
        assertThrows(IllegalArgumentException.class, () -> new RenditionSettings(720, "veryfast", null, null));
        assertThrows(IllegalArgumentException.class, () -> RenditionSettings.crf(721, 23));
    }

    private static List<Double> keyframeSeconds(FfmpegTools tools, Path file) {
        ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0", "-skip_frame",
                "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", file.toString()), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().lines().filter(l -> !l.isBlank())
                .map(l -> Math.round(Double.parseDouble(l.strip().replace(",", "")) * 1000) / 1000.0).toList();
    }

    private static int frameCount(FfmpegTools tools, Path file) {
        ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()), Duration.ofSeconds(60));
        return Integer.parseInt(r.stdout().strip().replace(",", ""));
    }
}
