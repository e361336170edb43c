package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published VMAF v0.6.1 numbers for Netflix's 160x90 test pair (integer features, mean of 48 frames). */
class VmafReferenceVectorTest {

    private static final double FEATURE_TOLERANCE = 1e-3;
    private static final double SCORE_TOLERANCE = 0.05;

    private final VmafScorer scorer = new VmafScorer(VmafModel.v061(), 2);

    @Test
    void distortedAgainstReferenceMatchesPublishedFeaturesAndScore() throws IOException {
        VmafResult result;
        try (RawYuvReader ref = ReferenceVectors.open(ReferenceVectors.reference());
             RawYuvReader dis = ReferenceVectors.open(ReferenceVectors.distorted())) {
            result = scorer.score(ref, dis);
        }
        assertEquals(ReferenceVectors.FRAMES, result.frames().size());
        FeatureVector means = result.featureMeans();
        assertEquals(0.6895391472, means.vifScale0(), FEATURE_TOLERANCE);
        assertEquals(0.9576202275, means.vifScale1(), FEATURE_TOLERANCE);
        assertEquals(0.9769693063, means.vifScale2(), FEATURE_TOLERANCE);
        assertEquals(0.9829181244, means.vifScale3(), FEATURE_TOLERANCE);
        assertEquals(1.3577417292, means.motion2(), FEATURE_TOLERANCE);
        assertEquals(0.9807496976, means.adm2(), FEATURE_TOLERANCE);
        assertEquals(92.52095888, result.vmafMean(), SCORE_TOLERANCE);
        // First frame has no predecessor: motion2 is 0 by definition.
        assertEquals(0.0, result.frames().get(0).features().motion2());
    }

    @Test
    void referenceAgainstItselfMatchesPublishedFeaturesAndScore() throws IOException {
        VmafResult result;
        try (RawYuvReader ref = ReferenceVectors.open(ReferenceVectors.reference());
             RawYuvReader same = ReferenceVectors.open(ReferenceVectors.reference())) {
            result = scorer.score(ref, same);
        }
        FeatureVector means = result.featureMeans();
        assertEquals(1.0000000142, means.vifScale0(), FEATURE_TOLERANCE);
        assertEquals(0.9999997261, means.vifScale1(), FEATURE_TOLERANCE);
        assertEquals(0.9999994657, means.vifScale2(), FEATURE_TOLERANCE);
        assertEquals(0.9999993997, means.vifScale3(), FEATURE_TOLERANCE);
        assertEquals(1.3577417292, means.motion2(), FEATURE_TOLERANCE);
        assertEquals(1.0, means.adm2(), FEATURE_TOLERANCE);
        assertEquals(99.30667316, result.vmafMean(), SCORE_TOLERANCE);
    }

    @Test
    void tenBitCopyOfThePairScoresLikeTheEightBitOriginal(@TempDir Path tmp) throws IOException {
        Path ref10 = toTenBit(ReferenceVectors.reference(), tmp.resolve("ref10.yuv"));
        Path dis10 = toTenBit(ReferenceVectors.distorted(), tmp.resolve("dis10.yuv"));
        VmafResult eight;
        VmafResult ten;
        try (RawYuvReader ref = ReferenceVectors.open(ReferenceVectors.reference());
             RawYuvReader dis = ReferenceVectors.open(ReferenceVectors.distorted())) {
            eight = scorer.score(ref, dis);
        }
        try (RawYuvReader ref = new RawYuvReader(ref10, 160, 90, PixelFormat.YUV420P10LE);
             RawYuvReader dis = new RawYuvReader(dis10, 160, 90, PixelFormat.YUV420P10LE)) {
            ten = scorer.score(ref, dis);
        }
        assertEquals(eight.vmafMean(), ten.vmafMean(), 1e-9);
        for (Feature f : Feature.values()) {
            assertEquals(eight.featureMeans().value(f), ten.featureMeans().value(f), 1e-9, f.key());
        }
    }

    @Test
    void parallelAndSequentialScoringAgreeFrameByFrame() throws IOException {
        VmafResult sequential;
        VmafResult parallel;
        try (RawYuvReader ref = ReferenceVectors.open(ReferenceVectors.reference());
             RawYuvReader dis = ReferenceVectors.open(ReferenceVectors.distorted())) {
            sequential = new VmafScorer(VmafModel.v061(), 1).score(ref, dis);
        }
        try (RawYuvReader ref = ReferenceVectors.open(ReferenceVectors.reference());
             RawYuvReader dis = ReferenceVectors.open(ReferenceVectors.distorted())) {
            parallel = new VmafScorer(VmafModel.v061(), 3).score(ref, dis);
        }
        assertEquals(sequential.frames(), parallel.frames());
    }

    /** Writes the 8-bit file as yuv420p10le with every sample shifted left by two bits (same picture, 10-bit). */
    private static Path toTenBit(Path eightBit, Path out) throws IOException {
        byte[] in = Files.readAllBytes(eightBit);
        byte[] wide = new byte[in.length * 2];
        for (int i = 0; i < in.length; i++) {
            int v = (in[i] & 0xFF) << 2;
            wide[2 * i] = (byte) v;
            wide[2 * i + 1] = (byte) (v >>> 8);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(wide);
        }
        return out;
    }
}
