package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmafModelTest {

    @Test
    void bundledModelIsTheV061NuSvrOverSixFeatures() {
        VmafModel model = VmafModel.v061();
        assertEquals(List.of(Feature.ADM2, Feature.MOTION2, Feature.VIF_SCALE0, Feature.VIF_SCALE1, Feature.VIF_SCALE2,
                Feature.VIF_SCALE3), model.features());
        assertEquals(211, model.supportVectorCount());
    }

    @Test
    void scoresAreClippedToTheModelRange() {
        VmafModel model = VmafModel.v061();
        double worst = model.predict(new FeatureVector(0, 0, 0, 0, 0, 0));
        double best = model.predict(new FeatureVector(1, 30, 1, 1, 1, 1));
        assertTrue(worst >= 0 && worst < 10, "worst " + worst);
        assertTrue(best <= 100 && best > 95, "best " + best);
    }

    @Test
    void tinyHandWrittenModelPredictsByTheFormula() {
        // One support vector at the origin: score = ((coef * exp(-gamma |x'|^2) - rho) - intercept0) / slope0.
        String json = """
                {"model_dict": {"model_type": "LIBSVMNUSVR", "norm_type": "linear_rescale",
                 "feature_names": ["VMAF_feature_adm2_score"], "slopes": [0.5, 2.0], "intercepts": [1.0, -1.0],
                 "score_clip": [0.0, 100.0],
                 "model": "svm_type nu_svr\\nkernel_type rbf\\ngamma 0.5\\nnr_class 2\\ntotal_sv 1\\nrho -3\\nSV\\n10 \\n"}}
                """;
        VmafModel model = VmafModel.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        double x = 2.0 * 0.75 - 1.0;
        double expected = ((10 * Math.exp(-0.5 * x * x) + 3) - 1.0) / 0.5;
        assertEquals(expected, model.predict(new FeatureVector(0.75, 0, 0, 0, 0, 0)), 1e-12);
    }

    @Test
    void brokenOrUnsupportedModelsAreRejectedWithStableCodes() {
        assertEquals("VMAF_MODEL_INVALID", code("{not json"));
        assertEquals("VMAF_MODEL_UNSUPPORTED", code("{\"model_dict\": {\"model_type\": \"RANDOMFOREST\"}}"));
        assertEquals("VMAF_MODEL_UNKNOWN_FEATURE", code("""
                {"model_dict": {"model_type": "LIBSVMNUSVR", "norm_type": "linear_rescale",
                 "feature_names": ["VMAF_feature_cambi_score"], "slopes": [1, 1], "intercepts": [0, 0], "model": ""}}
                """));
    }

    private static String code(String json) {
        return assertThrows(VmafInputException.class,
                () -> VmafModel.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))).code();
    }
}
