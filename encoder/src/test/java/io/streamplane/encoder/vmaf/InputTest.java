package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading raw YUV, resizing renditions, and the errors bad input gets. */
class InputTest {

    @TempDir
    Path tmp;

    @Test
    void readerReturnsLumaOfEachFrameAndSkipsChroma() throws IOException {
        // Two 4x2 frames: luma 0..7 (+100 for the second frame), chroma 2x1 x 2 planes of 255.
        byte[] data = new byte[2 * 12];
        for (int f = 0; f < 2; f++) {
            for (int i = 0; i < 8; i++) {
                data[f * 12 + i] = (byte) (i + 100 * f);
            }
            for (int i = 8; i < 12; i++) {
                data[f * 12 + i] = (byte) 255;
            }
        }
        Path file = Files.write(tmp.resolve("tiny.yuv"), data);
        try (RawYuvReader reader = new RawYuvReader(file, 4, 2, PixelFormat.YUV420P)) {
            assertEquals(2, reader.frameCount());
            assertEquals(3f, reader.next().samples()[3]);
            assertEquals(107f, reader.next().samples()[7]);
            assertEquals(null, reader.next());
        }
    }

    @Test
    void tenBitSamplesAreBroughtToEightBitScale() throws IOException {
        // One 2x2 10-bit frame: luma 1023, 4, 0, 2 then 2 chroma samples.
        byte[] data = {(byte) 0xFF, 0x03, 4, 0, 0, 0, 2, 0, 0, 2, 0, 2};
        Path file = Files.write(tmp.resolve("ten.yuv"), data);
        try (RawYuvReader reader = new RawYuvReader(file, 2, 2, PixelFormat.YUV420P10LE)) {
            float[] s = reader.next().samples();
            assertEquals(255.75f, s[0]);
            assertEquals(1f, s[1]);
            assertEquals(0.5f, s[3]);
        }
    }

    @Test
    void badFilesGetClearCodes() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.yuv"), new byte[0]);
        Path odd = Files.write(tmp.resolve("odd.yuv"), new byte[13]);
        assertEquals("VMAF_FILE_EMPTY", code(() -> new RawYuvReader(empty, 4, 2, PixelFormat.YUV420P)));
        assertEquals("VMAF_FILE_TRUNCATED", code(() -> new RawYuvReader(odd, 4, 2, PixelFormat.YUV420P)));
        assertEquals("VMAF_FILE_NOT_FOUND", code(() -> new RawYuvReader(tmp.resolve("none.yuv"), 4, 2,
                PixelFormat.YUV420P)));
        assertEquals("VMAF_SIZE_INVALID", code(() -> new RawYuvReader(odd, 0, 2, PixelFormat.YUV420P)));
        assertEquals("VMAF_PIXEL_FORMAT_UNSUPPORTED", code(() -> PixelFormat.fromName("nv12")));
    }

    @Test
    void scorerRejectsMismatchedOrUnusableSequences() {
        VmafScorer scorer = new VmafScorer(VmafModel.v061(), 1);
        List<LumaPlane> three = SyntheticFrames.sequence(64, 48, 3, false);
        List<LumaPlane> two = SyntheticFrames.sequence(64, 48, 2, true);
        assertEquals("VMAF_FRAME_COUNT_MISMATCH", code(() -> scorer.score(SyntheticFrames.source(three, 8),
                SyntheticFrames.source(two, 8))));
        List<LumaPlane> tiny = SyntheticFrames.sequence(16, 16, 1, false);
        assertEquals("VMAF_FRAME_TOO_SMALL", code(() -> scorer.score(SyntheticFrames.source(tiny, 8),
                SyntheticFrames.source(tiny, 8))));
        List<LumaPlane> big = SyntheticFrames.sequence(96, 64, 3, false);
        assertEquals("VMAF_DISTORTED_LARGER", code(() -> scorer.score(SyntheticFrames.source(three, 8),
                SyntheticFrames.source(big, 8))));
        assertEquals("VMAF_NO_FRAMES", code(() -> scorer.score(SyntheticFrames.source(List.of(), 8),
                SyntheticFrames.source(List.of(), 8))));
    }

    @Test
    void bicubicReproducesLinearRampsAndHitsTheTargetSize() {
        float[] ramp = new float[32 * 8];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 32; x++) {
                ramp[y * 32 + x] = 4 * x;
            }
        }
        LumaPlane up = BicubicScaler.resize(new LumaPlane(32, 8, ramp), 64, 16, 8);
        assertEquals(64, up.width());
        assertEquals(16, up.height());
        // Away from the clamped edges a cubic convolution kernel reproduces a linear ramp exactly (up to rounding).
        for (int x = 4; x < 60; x++) {
            double expected = 4 * ((x + 0.5) / 2 - 0.5);
            assertEquals(expected, up.samples()[5 * 64 + x], 0.5, "x=" + x);
        }
        LumaPlane same = new LumaPlane(32, 8, ramp);
        assertSame(same, BicubicScaler.resize(same, 32, 8, 8));
    }

    @Test
    void smallerRenditionIsUpscaledBeforeScoringAndLosesQuality() throws IOException {
        List<LumaPlane> refs = SyntheticFrames.sequence(128, 96, 4, false);
        List<LumaPlane> half = refs.stream().map(InputTest::halve).toList();
        VmafScorer scorer = new VmafScorer(VmafModel.v061(), 1);
        VmafResult full = scorer.score(SyntheticFrames.source(refs, 8), SyntheticFrames.source(refs, 8));
        VmafResult low = scorer.score(SyntheticFrames.source(refs, 8), SyntheticFrames.source(half, 8));
        List<LumaPlane> upscaled = half.stream().map(p -> BicubicScaler.resize(p, 128, 96, 8)).toList();
        VmafResult explicit = scorer.score(SyntheticFrames.source(refs, 8), SyntheticFrames.source(upscaled, 8));
        assertTrue(low.vmafMean() < full.vmafMean() - 5, low.vmafMean() + " vs " + full.vmafMean());
        assertEquals(explicit.vmafMean(), low.vmafMean(), 1e-12);
    }

    private static LumaPlane halve(LumaPlane p) {
        int w = p.width() / 2;
        int h = p.height() / 2;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float[] s = p.samples();
                int i = 2 * y * p.width() + 2 * x;
                out[y * w + x] = Math.round((s[i] + s[i + 1] + s[i + p.width()] + s[i + p.width() + 1]) / 4);
            }
        }
        return new LumaPlane(w, h, out);
    }

    private static String code(org.junit.jupiter.api.function.Executable action) {
        return assertThrows(VmafInputException.class, action).code();
    }
}
