package io.streamplane.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A 3 s 240p title published in H.264, VP9 and AV1: every codec's rung cuts into the same segments (same count, same
 * frames per segment, each decodable on its own), decrypts with the title key, and the manifests name the codecs.
 */
class CodecLadderTest {

    @Test
    void vp9AndAv1RungsShareTheH264SegmentsAndDecryptWithTheTitleKey(@TempDir Path dir) throws Exception {
        FfmpegTools tools = FfmpegTools.locate();
        Path source = SyntheticSource.generate(tools, dir.resolve("master.mp4"), 426, 240, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 1.25),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.75))).file();
        TitlePipeline.Settings settings = new TitlePipeline.Settings(List.of(240), List.of(26, 38), 2, 0, 0.5, 2,
                1, true, VideoCodec.parse(List.of("h264", "vp9", "av1")));
        TitlePipeline.Result result = new TitlePipeline(tools, 2).run(source, "multi", dir.resolve("origin"),
                settings, stage -> { });
        Path title = result.titleDir();
        String key = result.key().keyHex();
        List<Integer> planned = result.plan().segmentFrames();
        assertTrue(planned.size() >= 3, "a cut and 1 s segments: " + planned);

        assertEquals(2 * result.rungs().size(), result.codecRungs().size(), result.codecRungs().toString());
        Map<String, String> codecNames = Map.of("v", "h264", "vp9_", "vp9", "av1_", "av1");
        List<String> folders = new ArrayList<>(result.rungs().stream().map(TitlePipeline.Rung::folder).toList());
        folders.addAll(result.codecRungs().stream().map(TitlePipeline.CodecRung::folder).toList());
        List<String> h264Durations = extinf(title.resolve(result.rungs().get(0).folder()));
        for (String folder : folders) {
            Path rung = title.resolve(folder);
            assertEquals(h264Durations, extinf(rung), folder + ": same segment durations as H.264");
            // Each segment decodes on its own (it starts with a keyframe) into exactly the planned frames.
            for (int i = 0; i < planned.size(); i++) {
                assertEquals(planned.get(i), decodedFrames(tools, rung, List.of(String.format("seg_%05d.m4s", i)),
                        key), folder + " segment " + i);
            }
            assertFalse(Files.exists(rung.resolve(String.format("seg_%05d.m4s", planned.size()))), folder);
            assertEquals(result.plan().totalFrames(), TitlePipelineTest.decryptedFrames(tools, rung, key), folder);
            String expected = codecNames.entrySet().stream().filter(e -> folder.startsWith(e.getKey())
                    && folder.substring(e.getKey().length()).matches("\\d+_\\d+")).findFirst().orElseThrow()
                    .getValue();
            assertEquals(expected, codecName(tools, rung), folder);
            // Encrypted: without the key the decoder fails.
            assertTrue(decodeWithoutKeyFails(tools, rung), folder + " decodes without the key");
        }

        NodeList sets = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                Files.readAllBytes(title.resolve("manifest.mpd")))).getElementsByTagName("AdaptationSet");
        Map<Integer, List<String>> codecsBySet = new TreeMap<>();
        for (int s = 0; s < sets.getLength(); s++) {
            Element set = (Element) sets.item(s);
            assertEquals(3, set.getElementsByTagName("ContentProtection").getLength());
            NodeList reps = set.getElementsByTagName("Representation");
            for (int r = 0; r < reps.getLength(); r++) {
                codecsBySet.computeIfAbsent(s, k -> new ArrayList<>())
                        .add(((Element) reps.item(r)).getAttribute("codecs"));
            }
        }
        assertEquals(4, codecsBySet.size(), codecsBySet.toString());
        assertTrue(codecsBySet.get(0).stream().allMatch(c -> c.matches("avc1\\.64[0-9a-f]{4}")), codecsBySet.toString());
        assertTrue(codecsBySet.get(1).stream().allMatch(c -> c.matches("vp09\\.00\\.[1-6][0-9]\\.08")),
                codecsBySet.toString());
        assertTrue(codecsBySet.get(2).stream().allMatch(c -> c.matches("av01\\.0\\.[0-9]{2}M\\.08")),
                codecsBySet.toString());
        assertEquals(List.of("mp4a.40.2"), codecsBySet.get(3));
        for (TitlePipeline.CodecRung r : result.codecRungs()) {
            assertTrue(codecsBySet.get(r.codec() == VideoCodec.VP9 ? 1 : 2).contains(r.codecs()), r.toString());
        }

        String master = Files.readString(title.resolve("master.m3u8"));
        assertTrue(master.contains("CODECS=\"av01.0.") && master.contains("av1_240_"), master);
        assertFalse(master.contains("vp09"), "VP9 is DASH-only: " + master);
        assertTrue(Files.readString(title.resolve(result.codecRungs().get(0).folder()).resolve("playlist.m3u8"))
                .contains("METHOD=SAMPLE-AES-CTR"));
        try (var files = Files.walk(dir.resolve("origin"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(key), f.toString());
            }
        }
    }

    private static List<String> extinf(Path rung) throws Exception {
        return Files.readAllLines(rung.resolve("playlist.m3u8")).stream().filter(l -> l.startsWith("#EXTINF"))
                .toList();
    }

    private static Path join(Path rung, List<String> segments) throws Exception {
        Path joined = rung.resolveSibling(rung.getFileName() + "-" + segments.size() + ".mp4.tmp");
        try (OutputStream out = Files.newOutputStream(joined)) {
            out.write(Files.readAllBytes(rung.resolve("init.mp4")));
            for (String s : segments) {
                out.write(Files.readAllBytes(rung.resolve(s)));
            }
        }
        return joined;
    }

    private static int decodedFrames(FfmpegTools tools, Path rung, List<String> segments, String key)
            throws Exception {
        Path joined = join(rung, segments);
        try {
            ProcessRunner.Result r = tools.ffmpeg(List.of("-nostdin", "-v", "error", "-decryption_key", key,
                    "-f", "mp4", "-i", joined.toString(), "-f", "framemd5", "-"), Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stderr().isBlank(), r.stderr());
            return (int) r.stdout().lines().filter(l -> !l.startsWith("#")).count();
        } finally {
            Files.delete(joined);
        }
    }

    private static boolean decodeWithoutKeyFails(FfmpegTools tools, Path rung) throws Exception {
        Path joined = join(rung, List.of("seg_00000.m4s"));
        try {
            ProcessRunner.Result r = tools.ffmpeg(List.of("-nostdin", "-v", "error", "-f", "mp4", "-i",
                    joined.toString(), "-f", "framemd5", "-"), Duration.ofSeconds(60));
            return r.exitCode() != 0 || !r.stderr().isBlank();
        } finally {
            Files.delete(joined);
        }
    }

    private static String codecName(FfmpegTools tools, Path rung) throws Exception {
        Path joined = join(rung, List.of("seg_00000.m4s"));
        try {
            ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0",
                    "-show_entries", "stream=codec_name", "-of", "default=nw=1:nk=1", joined.toString()),
                    Duration.ofSeconds(30));
            assertEquals(0, r.exitCode(), r.stderr());
            return r.stdout().strip();
        } finally {
            Files.delete(joined);
        }
    }
}
