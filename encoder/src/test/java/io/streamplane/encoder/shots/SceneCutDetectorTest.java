package io.streamplane.encoder.shots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneCutDetectorTest {

    @Test
    void findsTheHardCutsOfASyntheticTitleAndPlansChunksOnThem(@TempDir Path dir) {
        FfmpegTools tools = FfmpegTools.locate();
        SyntheticSource.Result title = SyntheticSource.generate(tools, dir.resolve("title.mp4"), 320, 180, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 2.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 2.0),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 2.5)));
        List<Integer> cuts = SceneCutDetector.cutFrames(tools, title.file(), 24, SceneCutDetector.DEFAULT_THRESHOLD,
                Duration.ofSeconds(120));
        assertEquals(List.of(60, 108), cuts);
        ChunkPlan plan = ChunkPlan.of(168, 24, cuts, 2, 6, 2);
        assertEquals(List.of(new Chunk(0, 0, 60), new Chunk(1, 60, 108), new Chunk(2, 108, 168)), plan.chunks());
    }
}
