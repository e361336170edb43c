package io.streamplane.encoder.vmaf;

/** Elementary features of one frame. */
public record FeatureVector(double adm2, double motion2, double vifScale0, double vifScale1, double vifScale2,
                            double vifScale3) {

    public double value(Feature feature) {
        return switch (feature) {
            case ADM2 -> adm2;
            case MOTION2 -> motion2;
            case VIF_SCALE0 -> vifScale0;
            case VIF_SCALE1 -> vifScale1;
            case VIF_SCALE2 -> vifScale2;
            case VIF_SCALE3 -> vifScale3;
        };
    }
}
