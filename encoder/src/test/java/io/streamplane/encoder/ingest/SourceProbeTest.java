package io.streamplane.encoder.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest against real files made by the bundled ffmpeg: one good synthetic master and a set of broken ones. */
class SourceProbeTest {

    @TempDir
    static Path dir;
    static FfmpegTools tools;
    static SyntheticSource.Result master;

    @BeforeAll
    static void makeMaster() {
        tools = FfmpegTools.locate();
        master = SyntheticSource.generate(tools, dir.resolve("master.mp4"), 320, 180, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 1.0),
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 1.0),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.0)));
    }

    @Test
    void describesAGoodMasterAndLeavesItUntouched() throws IOException {
        byte[] before = Files.readAllBytes(master.file());
        SourceInfo info = new SourceProbe(tools).inspect(master.file());
        assertEquals("h264", info.videoCodec());
        assertEquals(320, info.width());
        assertEquals(180, info.height());
        assertEquals(24.0, info.frameRate(), 1e-9);
        assertEquals(3.0, info.durationSeconds(), 0.1);
        assertEquals("yuv420p", info.pixelFormat());
        assertEquals("aac", info.audioCodec());
        assertEquals(before.length, info.sizeBytes());
        assertEquals(sha256(before), info.sha256());
        assertArrayEquals(before, Files.readAllBytes(master.file()));
    }

    @Test
    void generatorCutsAreRealHardCuts() {
        assertEquals(List.of(1.0, 2.0), master.cutSeconds());
        ProcessRunner.Result r = tools.ffmpeg(List.of("-nostdin", "-v", "info", "-i", master.file().toString(),
                "-vf", "select='gt(scene,0.3)',showinfo", "-f", "null", "-"), Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), r.stderr());
        List<Double> found = new ArrayList<>();
        Matcher m = Pattern.compile("pts_time:([0-9.]+)").matcher(r.stderr());
        while (m.find()) {
            found.add(Double.parseDouble(m.group(1)));
        }
        assertEquals(2, found.size(), "scene changes at " + found);
        assertEquals(1.0, found.get(0), 0.05);
        assertEquals(2.0, found.get(1), 0.05);
    }

    @Test
    void rejectsEmptyMissingAndNonMediaFiles() throws IOException {
        SourceProbe probe = new SourceProbe(tools);
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n".repeat(100));
        assertEquals("INGEST_EMPTY", code(() -> probe.inspect(empty)));
        assertEquals("INGEST_NOT_FOUND", code(() -> probe.inspect(dir.resolve("missing.mp4"))));
        assertEquals("INGEST_NOT_MEDIA", code(() -> probe.inspect(text)));
    }

    @Test
    void rejectsATruncatedMaster() throws IOException {
        byte[] all = Files.readAllBytes(master.file());
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        IngestException e = assertThrows(IngestException.class, () -> new SourceProbe(tools).inspect(cut));
        assertEquals("INGEST_TRUNCATED", e.code(), e.getMessage());
    }

    @Test
    void rejectsAudioOnlyAndTinyVideo() {
        Path audio = dir.resolve("tone.m4a");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=1", "-c:a", "aac", audio.toString()), Duration.ofSeconds(60)).exitCode());
        Path tiny = dir.resolve("tiny.mp4");
        assertEquals(0, tools.ffmpeg(List.of("-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=32x32:rate=24:duration=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", tiny.toString()),
                Duration.ofSeconds(60)).exitCode());
        SourceProbe probe = new SourceProbe(tools);
        IngestException noVideo = assertThrows(IngestException.class, () -> probe.inspect(audio));
        assertEquals("INGEST_NO_VIDEO", noVideo.code());
        assertTrue(noVideo.getMessage().contains("audio-only"), noVideo.getMessage());
        assertEquals("INGEST_RESOLUTION", code(() -> probe.inspect(tiny)));
    }

    private static String code(org.junit.jupiter.api.function.Executable action) {
        return assertThrows(IngestException.class, action).code();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
