package io.streamplane.encoder.vmaf;

/**
 * One luma picture in 8-bit scale: samples of deeper formats are divided by 2^(bits-8) so that the constants of the
 * VMAF features (noise variance, masking thresholds) mean the same thing for every bit depth.
 */
public record LumaPlane(int width, int height, float[] samples) {

    public LumaPlane {
        if (width <= 0 || height <= 0 || samples.length != width * height) {
            throw new IllegalArgumentException("luma plane " + width + "x" + height + " needs " + (long) width * height
                    + " samples, got " + samples.length);
        }
    }
}
