package io.streamplane.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EncodeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EncodeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void publishesALadderAndKeepsTheKeyOutOfStdout(@TempDir Path dir) throws Exception {
        Path source = SyntheticSource.generate(FfmpegTools.locate(), dir.resolve("m.mp4"), 192, 108, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 1.0))).file();
        Path keyFile = dir.resolve("key.json");
        int status = run("--source", source.toString(), "--title-id", "t1", "--origin", dir.resolve("o").toString(),
                "--key-out", keyFile.toString(), "--heights", "108", "--crfs", "26,36", "--rungs", "2",
                "--threads", "1");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode summary = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode key = new ObjectMapper().readTree(Files.readString(keyFile));
        assertEquals(key.get("kid").asString(), summary.get("key_id").asString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(key.get("key").asString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertTrue(summary.get("rungs").size() >= 1);
        assertTrue(Files.isRegularFile(dir.resolve("o/t1/master.m3u8")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("stage: ingest"));
    }

    @Test
    void badInputEndsWithAStableCode(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        Path origin = dir.resolve("origin");
        assertEquals(2, run("--source", empty.toString(), "--title-id", "t", "--origin", origin.toString(), "--clear"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("INGEST_EMPTY"));
        // A failed job leaves nothing behind in the origin.
        try (var left = Files.list(origin)) {
            assertEquals(0, left.count());
        }
        err.reset();
        assertEquals(2, run("--source", empty.toString(), "--title-id", "../evil", "--origin", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ENCODE_USAGE"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "));
        err.reset();
        assertEquals(2, run("--source", empty.toString(), "--title-id", "t", "--origin", origin.toString(), "--clear",
                "--codecs", "h264,hevc"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ENCODE_USAGE")
                && err.toString(StandardCharsets.UTF_8).contains("unknown codec 'hevc'"), err.toString());
    }
}
