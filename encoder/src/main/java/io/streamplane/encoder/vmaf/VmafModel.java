package io.streamplane.encoder.vmaf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A VMAF model in libvmaf's JSON format: linear rescaling of each feature, a libsvm nu-SVR with an RBF kernel, and
 * the inverse rescaling and clipping of its output. The optional score transform of the JSON is not applied, as in
 * libvmaf's default (it is only for the phone model).
 */
public final class VmafModel {

    private static final String BUNDLED = "vmaf_v0.6.1.json";

    private final List<Feature> features;
    private final double[] slopes;
    private final double[] intercepts;
    private final double clipLow;
    private final double clipHigh;
    private final double gamma;
    private final double rho;
    private final double[] coefficients;
    private final double[][] supportVectors;

    private VmafModel(List<Feature> features, double[] slopes, double[] intercepts, double clipLow, double clipHigh,
                      double gamma, double rho, double[] coefficients, double[][] supportVectors) {
        this.features = List.copyOf(features);
        this.slopes = slopes;
        this.intercepts = intercepts;
        this.clipLow = clipLow;
        this.clipHigh = clipHigh;
        this.gamma = gamma;
        this.rho = rho;
        this.coefficients = coefficients;
        this.supportVectors = supportVectors;
    }

    /** The v0.6.1 model shipped with this module (Netflix, BSD-2-Clause-Patent; see LICENSE.vmaf next to it). */
    public static VmafModel v061() {
        try (InputStream in = VmafModel.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled model " + BUNDLED + " missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("bundled model " + BUNDLED + " unreadable", e);
        }
    }

    public static VmafModel load(Path json) {
        try (InputStream in = Files.newInputStream(json)) {
            return parse(in);
        } catch (IOException e) {
            throw new VmafInputException("VMAF_MODEL_UNREADABLE", "cannot read model " + json + ": " + e.getMessage(), e);
        }
    }

    static VmafModel parse(InputStream in) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (JacksonException e) {
            throw new VmafInputException("VMAF_MODEL_INVALID", "model is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode model = root.path("model_dict");
        requireText(model, "model_type", "LIBSVMNUSVR");
        requireText(model, "norm_type", "linear_rescale");
        List<Feature> features = new ArrayList<>();
        for (JsonNode name : model.path("feature_names")) {
            features.add(Feature.fromModelName(name.asString()));
        }
        double[] slopes = numbers(model.path("slopes"));
        double[] intercepts = numbers(model.path("intercepts"));
        if (features.isEmpty() || slopes.length != features.size() + 1 || intercepts.length != features.size() + 1) {
            throw new VmafInputException("VMAF_MODEL_INVALID", "model needs feature_names and slopes/intercepts with one"
                    + " entry per feature plus one for the score");
        }
        double[] clip = numbers(model.path("score_clip"));
        double clipLow = clip.length == 2 ? clip[0] : Double.NEGATIVE_INFINITY;
        double clipHigh = clip.length == 2 ? clip[1] : Double.POSITIVE_INFINITY;
        return libsvm(model.path("model").asString(""), features, slopes, intercepts, clipLow, clipHigh);
    }

    private static VmafModel libsvm(String text, List<Feature> features, double[] slopes, double[] intercepts,
                                    double clipLow, double clipHigh) {
        String[] lines = text.split("\n");
        double gamma = Double.NaN;
        double rho = Double.NaN;
        int line = 0;
        for (; line < lines.length && !lines[line].trim().equals("SV"); line++) {
            String[] kv = lines[line].trim().split("\\s+");
            switch (kv[0]) {
                case "svm_type" -> requireValue(kv, "nu_svr");
                case "kernel_type" -> requireValue(kv, "rbf");
                case "gamma" -> gamma = Double.parseDouble(kv[1]);
                case "rho" -> rho = Double.parseDouble(kv[1]);
                default -> {
                    // nr_class, total_sv: implied by the vectors that follow.
                }
            }
        }
        if (line == lines.length || Double.isNaN(gamma) || Double.isNaN(rho)) {
            throw new VmafInputException("VMAF_MODEL_INVALID", "libsvm model lacks gamma, rho or the SV section");
        }
        List<double[]> vectors = new ArrayList<>();
        List<Double> coefficients = new ArrayList<>();
        for (line++; line < lines.length; line++) {
            String[] parts = lines[line].trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            coefficients.add(Double.parseDouble(parts[0]));
            double[] sv = new double[features.size()];  // libsvm omits zero components
            for (int p = 1; p < parts.length; p++) {
                int colon = parts[p].indexOf(':');
                int index = Integer.parseInt(parts[p].substring(0, colon)) - 1;
                if (index < 0 || index >= sv.length) {
                    throw new VmafInputException("VMAF_MODEL_INVALID", "support vector index " + (index + 1)
                            + " outside 1.." + sv.length);
                }
                sv[index] = Double.parseDouble(parts[p].substring(colon + 1));
            }
            vectors.add(sv);
        }
        return new VmafModel(features, slopes, intercepts, clipLow, clipHigh, gamma, rho,
                coefficients.stream().mapToDouble(Double::doubleValue).toArray(), vectors.toArray(double[][]::new));
    }

    public List<Feature> features() {
        return features;
    }

    public int supportVectorCount() {
        return coefficients.length;
    }

    /** The clipped VMAF score of one frame. */
    public double predict(FeatureVector frame) {
        int dims = features.size();
        double[] x = new double[dims];
        for (int f = 0; f < dims; f++) {
            x[f] = slopes[f + 1] * frame.value(features.get(f)) + intercepts[f + 1];
        }
        double sum = 0;
        for (int s = 0; s < supportVectors.length; s++) {
            double[] sv = supportVectors[s];
            double dist = 0;
            for (int f = 0; f < dims; f++) {
                double diff = x[f] - sv[f];
                dist += diff * diff;
            }
            sum += coefficients[s] * Math.exp(-gamma * dist);
        }
        double normalised = sum - rho;
        double score = (normalised - intercepts[0]) / slopes[0];
        return Math.max(clipLow, Math.min(clipHigh, score));
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static void requireText(JsonNode node, String field, String expected) {
        String actual = node.path(field).asString("");
        if (!expected.equals(actual)) {
            throw new VmafInputException("VMAF_MODEL_UNSUPPORTED", "model " + field + " is '" + actual
                    + "', only '" + expected + "' is supported");
        }
    }

    private static void requireValue(String[] kv, String expected) {
        if (kv.length < 2 || !expected.equals(kv[1])) {
            throw new VmafInputException("VMAF_MODEL_UNSUPPORTED", "libsvm " + kv[0] + " must be " + expected);
        }
    }
}
