package io.streamplane.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short synthetic title through every stage; the packaged ladder must decrypt with the returned key. */
class TitlePipelineTest {

    @Test
    void syntheticTitleBecomesAnEncryptedLadderWithManifestsAndReport(@TempDir Path dir) throws Exception {
        FfmpegTools tools = FfmpegTools.locate();
        Path source = SyntheticSource.generate(tools, dir.resolve("master.mp4"), 256, 144, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 1.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.5))).file();
        TitlePipeline.Settings settings = new TitlePipeline.Settings(List.of(72, 144), List.of(22, 34), 3, 0, 0.5, 2,
                1, true, List.of(VideoCodec.H264));
        List<String> stages = new ArrayList<>();
        TitlePipeline.Result result = new TitlePipeline(tools, 2).run(source, "demo", dir.resolve("origin"), settings,
                stages::add);

        assertEquals(List.of(36), result.plan().cutFrames());
        assertEquals("ingest", stages.get(0));
        assertEquals("done", stages.get(stages.size() - 1));
        assertTrue(result.rungs().size() >= 2, "rungs " + result.rungs());
        for (int i = 1; i < result.rungs().size(); i++) {
            assertTrue(result.rungs().get(i).kbps() > result.rungs().get(i - 1).kbps(), result.rungs().toString());
        }
        Path title = result.titleDir();
        String master = Files.readString(title.resolve("master.m3u8"));
        String mpd = Files.readString(title.resolve("manifest.mpd"));
        assertTrue(mpd.contains(result.key().keyIdUuid()));
        assertTrue(Files.readString(title.resolve("report.md")).contains("## Ladder"));
        assertTrue(Files.readString(title.resolve("rate-quality.svg")).startsWith("<svg"));
        // The synthetic master carries a tone: one encrypted AAC group shared by every variant.
        assertTrue(master.contains("#EXT-X-MEDIA:TYPE=AUDIO") && master.contains("avc1.") && master.contains(
                ",mp4a.40.2"), master);
        assertTrue(mpd.contains("contentType=\"audio\""), mpd);
        assertTrue(Files.readString(title.resolve("audio/playlist.m3u8")).contains("METHOD=SAMPLE-AES-CTR"));
        // 3 s of 48 kHz AAC is about 141 frames of 1024 samples.
        int audioFrames = decryptedFrames(tools, title.resolve("audio"), result.key().keyHex());
        assertTrue(audioFrames >= 135 && audioFrames <= 145, "audio frames " + audioFrames);
        for (TitlePipeline.Rung rung : result.rungs()) {
            assertTrue(master.contains(rung.folder() + "/playlist.m3u8"), master);
            assertTrue(Files.readString(title.resolve(rung.folder()).resolve("playlist.m3u8"))
                    .contains("METHOD=SAMPLE-AES-CTR"));
            assertEquals(72, decryptedFrames(tools, title.resolve(rung.folder()), result.key().keyHex()), rung.folder());
        }
        // The key goes to the caller, never into the origin; scratch encodes and staging are gone.
        try (Stream<Path> files = Files.walk(dir.resolve("origin"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(result.key().keyHex()), f.toString());
                assertFalse(f.toString().contains(".work") || f.toString().contains(".staging"), f.toString());
            }
        }
    }

    /** init + segments in playlist order, decoded with the key; returns the number of (video or audio) frames. */
    static int decryptedFrames(FfmpegTools tools, Path rungDir, String keyHex) throws Exception {
        Path joined = rungDir.resolveSibling(rungDir.getFileName() + "-joined.mp4.tmp");
        try (OutputStream out = Files.newOutputStream(joined)) {
            out.write(Files.readAllBytes(rungDir.resolve("init.mp4")));
            for (String line : Files.readAllLines(rungDir.resolve("playlist.m3u8"))) {
                if (line.endsWith(".m4s")) {
                    out.write(Files.readAllBytes(rungDir.resolve(line)));
                }
            }
        }
        try {
            ProcessRunner.Result r = tools.ffmpeg(List.of("-nostdin", "-v", "error", "-decryption_key", keyHex,
                    "-f", "mp4", "-i", joined.toString(), "-f", "framemd5", "-"), Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stderr().isBlank(), r.stderr());
            return (int) r.stdout().lines().filter(l -> !l.startsWith("#")).count();
        } finally {
            Files.delete(joined);
        }
    }
}
