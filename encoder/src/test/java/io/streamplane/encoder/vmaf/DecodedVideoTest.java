package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Scoring files ffmpeg reads: a synthetic master against a low-resolution, low-quality rendition of it. */
class DecodedVideoTest {

    @TempDir
    static Path dir;
    static FfmpegTools tools;
    static Path master;
    static Path rendition;

    @BeforeAll
    static void encode() {
        tools = FfmpegTools.locate();
        master = SyntheticSource.generate(tools, dir.resolve("master.mp4"), 256, 144, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 0.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 0.5))).file();
        rendition = dir.resolve("rendition_128x72.mp4");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-y", "-i", master.toString(),
                "-vf", "scale=128:72", "-c:v", "libx264", "-preset", "veryfast", "-crf", "38", "-an",
                rendition.toString()), Duration.ofSeconds(120)).exitCode());
    }

    @Test
    void readerYieldsEveryFrameAtTheStreamSize() throws IOException {
        int frames = 0;
        try (DecodedVideoReader reader = new DecodedVideoReader(tools, master)) {
            assertEquals(256, reader.width());
            assertEquals(144, reader.height());
            assertEquals(PixelFormat.YUV420P, reader.format());
            while (reader.next() != null) {
                frames++;
            }
        }
        assertEquals(24, frames);
    }

    @Test
    void commandScoresEncodedFilesAndUpscalesTheSmallerRendition() {
        JsonNode same = run(master, master);
        JsonNode low = run(master, rendition);
        assertEquals(24, low.get("frames").asInt());
        // Not exactly 1: nearly flat areas score 1 - sigma2^2 * 4/255^2 (the low-variance rule).
        assertEquals(1.0, same.get("features").get("vif_scale0").asDouble(), 1e-4);
        assertTrue(low.get("vmaf").get("mean").asDouble() < same.get("vmaf").get("mean").asDouble() - 10,
                low.toString());
    }

    @Test
    void decodedAndRawInputOfTheSamePicturesScoreTheSame() throws IOException {
        Path raw = dir.resolve("master_256x144.yuv");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-y", "-i", master.toString(),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", raw.toString()), Duration.ofSeconds(60)).exitCode());
        assertEquals(run(master, rendition).get("vmaf"), run(raw, rendition).get("vmaf"));
    }

    @Test
    void aRangeOfTheSourceIsTheReferenceForAChunkEncode() throws IOException {
        // Second half of the master (the noisy shot), encoded on its own like a farm chunk.
        Path chunk = dir.resolve("chunk.mp4");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-y", "-ss", "0.5", "-i", master.toString(),
                "-frames:v", "12", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-an", chunk.toString()),
                Duration.ofSeconds(60)).exitCode());
        VmafScorer scorer = new VmafScorer(VmafModel.v061(), 1);
        double aligned;
        double shifted;
        try (DecodedVideoReader ref = new DecodedVideoReader(tools, master, 0.5, 12);
             DecodedVideoReader dis = new DecodedVideoReader(tools, chunk)) {
            aligned = scorer.score(ref, dis).vmafMean();
        }
        try (DecodedVideoReader ref = new DecodedVideoReader(tools, master, 0.0, 12);
             DecodedVideoReader dis = new DecodedVideoReader(tools, chunk)) {
            shifted = scorer.score(ref, dis).vmafMean();
        }
        assertTrue(aligned > 80, "aligned " + aligned);
        assertTrue(shifted < aligned - 30, "shifted " + shifted + " vs aligned " + aligned);
    }

    @Test
    void aTruncatedFileIsADecodeErrorNotAShortVideo() throws IOException {
        // The master has its index first (faststart), so a cut copy still opens and fails while decoding.
        byte[] all = Files.readAllBytes(master);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(all, all.length * 2 / 3));
        VmafInputException e = assertThrows(VmafInputException.class, () -> {
            try (DecodedVideoReader reader = new DecodedVideoReader(tools, cut)) {
                while (reader.next() != null) {
                    // read to the end
                }
            }
        });
        assertEquals("VMAF_DECODE_FAILED", e.code());
    }

    private static JsonNode run(Path reference, Path distorted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VmafCommand.run(new String[] {"--reference", reference.toString(), "--distorted",
            distorted.toString(), "--threads", "2"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }
}
