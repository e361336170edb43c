package io.streamplane.encoder.vmaf;

/** The elementary features VMAF v0.6.1 feeds its regressor, named as in the model files and libvmaf's output. */
public enum Feature {
    ADM2("adm2"),
    MOTION2("motion2"),
    VIF_SCALE0("vif_scale0"),
    VIF_SCALE1("vif_scale1"),
    VIF_SCALE2("vif_scale2"),
    VIF_SCALE3("vif_scale3");

    private final String key;

    Feature(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Resolves a model feature name such as {@code VMAF_integer_feature_vif_scale0_score}. */
    static Feature fromModelName(String name) {
        for (Feature f : values()) {
            if (name.endsWith("_" + f.key + "_score")) {
                return f;
            }
        }
        throw new VmafInputException("VMAF_MODEL_UNKNOWN_FEATURE", "model uses feature '" + name
                + "', which this implementation does not compute");
    }
}
