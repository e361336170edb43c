package io.streamplane.encoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void capturesExitCodeStdoutAndStderr() {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Map.of(),
                Duration.ofSeconds(30));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void passesTheGivenEnvironment() {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "printf %s \"$SP_TEST\""),
                Map.of("SP_TEST", "seen"), Duration.ofSeconds(30));
        assertEquals("seen", r.stdout());
    }

    @Test
    void aToolThatOverrunsIsKilledWithItsChildren() {
        MediaToolException e = assertThrows(MediaToolException.class, () -> ProcessRunner.run(
                List.of("sh", "-c", "sleep 300 & sleep 300; wait"), Map.of(), Duration.ofSeconds(1)));
        assertEquals("TOOL_TIMEOUT", e.code());
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep")));
    }

    @Test
    void aMissingToolIsAClearError() {
        MediaToolException e = assertThrows(MediaToolException.class, () -> ProcessRunner.run(
                List.of("/nonexistent/ffmpeg"), Map.of(), Duration.ofSeconds(5)));
        assertEquals("TOOL_START_FAILED", e.code());
    }
}
