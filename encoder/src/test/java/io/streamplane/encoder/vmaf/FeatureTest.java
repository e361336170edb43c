package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureTest {

    private final LumaPlane reference = SyntheticFrames.reference(96, 64, 0);
    private final LumaPlane distorted = SyntheticFrames.distorted(reference, 0);

    @Test
    void identicalPicturesKeepAllInformation() {
        double[] vif = VifFeature.compute(reference, reference);
        for (double scale : vif) {
            assertEquals(1.0, scale, 1e-6);
        }
        assertEquals(1.0, AdmFeature.compute(reference, reference), 1e-9);
    }

    @Test
    void softenedNoisyPictureLosesInformationMostAtTheFinestScale() {
        double[] vif = VifFeature.compute(reference, distorted);
        assertTrue(vif[0] < vif[1] && vif[1] < 1.0, () -> "vif per scale " + java.util.Arrays.toString(vif));
        double adm = AdmFeature.compute(reference, distorted);
        assertTrue(adm < 1.0 && adm > 0.5, "adm2 " + adm);
    }

    @Test
    void flatDistortionOfAFlatPictureUsesTheLowVarianceRule() {
        LumaPlane flat = new LumaPlane(64, 64, filled(64 * 64, 100f));
        LumaPlane brighter = new LumaPlane(64, 64, filled(64 * 64, 140f));
        // No reference variance anywhere: every pixel scores 1 - sigma2^2 * 4/255^2 = 1 when the distortion is flat too.
        assertArrayEquals(new double[] {1, 1, 1, 1}, VifFeature.compute(flat, brighter), 1e-9);
    }

    @Test
    void blurredPictureLosesMoreDetailThanTheSofterDistortion() {
        float[][] rows = SeparableFilter.apply(SeparableFilter.rows(reference, 0f), 96, SeparableFilter.gaussian(9));
        float[] blurred = new float[96 * 64];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, blurred, i * 96, 96);
        }
        double strong = AdmFeature.compute(reference, new LumaPlane(96, 64, blurred));
        double mild = AdmFeature.compute(reference, distorted);
        assertTrue(strong < mild, "blur " + strong + " vs mild " + mild);
    }

    @Test
    void motionIsZeroForAStillPictureAndPositiveForAMovingOne() {
        float[][] still = MotionFeature.blur(reference);
        assertEquals(0.0, MotionFeature.meanAbsoluteDifference(still, MotionFeature.blur(reference)));
        double moving = MotionFeature.meanAbsoluteDifference(still,
                MotionFeature.blur(SyntheticFrames.reference(96, 64, 1)));
        assertTrue(moving > 1.0, "motion " + moving);
    }

    @Test
    void motion2TakesTheSmallerOfTheMotionToThePreviousAndToTheNextFrame() {
        assertArrayEquals(new double[] {0, 2, 2, 5}, MotionFeature.motion2(new double[] {0, 4, 2, 5}));
        assertArrayEquals(new double[] {0}, MotionFeature.motion2(new double[] {0}));
    }

    @Test
    void gaussianKernelsAreNormalisedAndMatchVmafsMotionFilter() {
        float[] five = SeparableFilter.gaussian(5);
        double sum = 0;
        for (float tap : five) {
            sum += tap;
        }
        assertEquals(1.0, sum, 1e-6);
        // The integer motion filter of VMAF is {3571, 16004, 26386, 16004, 3571} / 65536.
        assertEquals(3571 / 65536.0, five[0], 1e-5);
        assertEquals(16004 / 65536.0, five[1], 1e-5);
        assertEquals(26386 / 65536.0, five[2], 1e-5);
    }

    @Test
    void csfWeightsFollowWatsonsModel() {
        // Finest level, horizontal/vertical: threshold 2 * 0.495 * 10^(0.466 (log10(2 * 0.401 / 56.55))^2) / 0.67234.
        double r = 3.0 * 1080 * Math.PI / 180.0;
        double t = Math.log10(2 * 0.401 / r);
        double expected = 0.67234 / (2 * 0.495 * Math.pow(10, 0.466 * t * t));
        assertEquals(expected, AdmFeature.csfWeight(0, 1), 1e-12);
        // Diagonal detail is less visible than horizontal/vertical detail at the finest level.
        assertTrue(AdmFeature.csfWeight(0, 2) < AdmFeature.csfWeight(0, 1));
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
