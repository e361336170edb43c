package io.streamplane.encoder.ladder;

/**
 * One candidate encode: what it is (a label such as "720p crf26", and its height), its bitrate in kbit/s and its
 * quality (VMAF, or any score where higher is better).
 */
public record RatePoint(String label, int height, double kbps, double quality) {

    public RatePoint {
        if (!(kbps > 0) || Double.isInfinite(kbps)) {
            throw new IllegalArgumentException("bitrate of " + label + " must be a positive number, got " + kbps);
        }
        if (Double.isNaN(quality) || Double.isInfinite(quality)) {
            throw new IllegalArgumentException("quality of " + label + " must be a finite number, got " + quality);
        }
    }
}
