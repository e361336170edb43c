package io.streamplane.encoder.encode;

/**
 * How to encode one H.264 rendition: output height (width follows the source aspect, rounded to even), x264 preset,
 * and either a constant-quality CRF or a target bitrate (constrained VBR: maxrate = bitrate, 2 s buffer).
 */
public record RenditionSettings(int height, String preset, Integer crf, Integer kbps) {

    public RenditionSettings {
        if (height < 16 || height % 2 != 0) {
            throw new IllegalArgumentException("height must be even and at least 16, got " + height);
        }
        if ((crf == null) == (kbps == null)) {
            throw new IllegalArgumentException("give exactly one of crf and kbps");
        }
        if (crf != null && (crf < 0 || crf > 51)) {
            throw new IllegalArgumentException("x264 CRF must be 0..51, got " + crf);
        }
        if (kbps != null && kbps <= 0) {
            throw new IllegalArgumentException("bitrate must be positive, got " + kbps);
        }
    }

    public static RenditionSettings crf(int height, int crf) {
        return new RenditionSettings(height, "veryfast", crf, null);
    }

    public static RenditionSettings bitrate(int height, int kbps) {
        return new RenditionSettings(height, "veryfast", null, kbps);
    }

    public String label() {
        return height + "p " + (crf != null ? "crf" + crf : kbps + "k");
    }
}
