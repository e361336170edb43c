package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class VmafCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VmafCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsPooledFeaturesScoreAndPerFrameValuesAsJson() {
        int status = run("--reference", ReferenceVectors.reference().toString(),
                "--distorted", ReferenceVectors.distorted().toString(),
                "--width", "160", "--height", "90", "--pixel-format", "yuv420p", "--per-frame", "--threads", "2");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(48, json.get("frames").asInt());
        assertEquals(92.5210, json.get("vmaf").get("mean").asDouble(), 0.05);
        assertEquals(0.9807, json.get("features").get("adm2").asDouble(), 1e-3);
        assertEquals(48, json.get("per_frame").size());
        assertEquals(0.0, json.get("per_frame").get(0).get("motion2").asDouble());
    }

    @Test
    void takesTheFrameSizeFromTheFileNameWhenNotGiven() {
        int status = run("--reference", ReferenceVectors.reference().toString(),
                "--distorted", ReferenceVectors.reference().toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(160, json.get("width").asInt());
        assertEquals(99.3067, json.get("vmaf").get("mean").asDouble(), 0.05);
    }

    @Test
    void badArgumentsAndInputsExitWithACodeAndNoStackTrace() {
        assertEquals(2, run("--reference", "a.yuv"));
        assertError("VMAF_USAGE");
        err.reset();
        assertEquals(2, run("--reference", ReferenceVectors.reference().toString(), "--distorted",
                ReferenceVectors.distorted().toString(), "--width", "161", "--height", "90"));
        assertError("VMAF_FILE_TRUNCATED");
        err.reset();
        assertEquals(2, run("--bogus"));
        assertError("VMAF_USAGE");
    }

    private void assertError(String code) {
        String text = err.toString(StandardCharsets.UTF_8);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(code, json.get("error").get("code").asString());
        assertTrue(!text.contains("\tat "), text);
    }
}
