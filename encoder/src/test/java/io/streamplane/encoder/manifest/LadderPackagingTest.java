package io.streamplane.encoder.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.encoder.encode.ChunkEncoder;
import io.streamplane.encoder.encode.RenditionSettings;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.encoder.shots.Chunk;
import io.streamplane.encoder.shots.ChunkPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunk encodes, CMAF segments and our own playlists, read back by ffprobe's HLS and DASH demuxers. */
class LadderPackagingTest {

    @Test
    void aLadderSegmentedOnThePlanPlaysBackThroughOurHlsAndDashManifests(@TempDir Path dir) throws Exception {
        FfmpegTools tools = FfmpegTools.locate();
        Path source = SyntheticSource.generate(tools, dir.resolve("title.mp4"), 320, 180, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 2.5),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.5))).file();
        ChunkPlan plan = ChunkPlan.of(96, 24, List.of(60), 0.5, 2, 1);
        ChunkEncoder encoder = new ChunkEncoder(tools);
        CmafSegmenter segmenter = new CmafSegmenter(tools);
        List<HlsPlaylists.Variant> variants = new ArrayList<>();
        List<DashManifest.Representation> representations = new ArrayList<>();
        for (RenditionSettings rung : List.of(RenditionSettings.crf(90, 32), RenditionSettings.crf(180, 26))) {
            List<Path> parts = new ArrayList<>();
            for (Chunk chunk : plan.chunks()) {
                Path part = dir.resolve("part_" + rung.height() + "_" + chunk.index() + ".mp4");
                encoder.encode(source, plan, chunk, rung, part);
                parts.add(part);
            }
            Path joined = dir.resolve("rung_" + rung.height() + ".mp4");
            encoder.concat(parts, joined);
            Path variantDir = dir.resolve("v" + rung.height());
            List<HlsPlaylists.Segment> segments = segmenter.segment(joined, plan, variantDir);
            assertEquals(plan.keyframes().size(), segments.size());
            Map<String, String> probe = probe(tools, joined);
            long bps = Files.size(joined) * 8 * 24 / 96;
            HlsPlaylists.Variant v = new HlsPlaylists.Variant("v" + rung.height() + "/playlist.m3u8", 2 * bps, bps,
                    Integer.parseInt(probe.get("width")), Integer.parseInt(probe.get("height")),
                    HlsPlaylists.avcCodecs(probe.get("profile"), Integer.parseInt(probe.get("level"))), 24, "init.mp4",
                    segments);
            Files.writeString(dir.resolve(v.playlistUri()), HlsPlaylists.media(v));
            variants.add(v);
            representations.add(new DashManifest.Representation("v" + rung.height(), "v" + rung.height() + "/", bps,
                    v.width(), v.height(), v.codecs(), plan.segmentFrames()));
        }
        AudioSegmenter.AudioTrack audio = new AudioSegmenter(tools).segment(source, 1, 96, dir.resolve("audio"), null);
        assertEquals(4.0, audio.segments().stream().mapToDouble(HlsPlaylists.Segment::seconds).sum(), 0.05);
        Files.writeString(dir.resolve("audio/playlist.m3u8"), HlsPlaylists.media(new HlsPlaylists.Variant(
                "audio/playlist.m3u8", audio.bandwidth(), audio.bandwidth(), 0, 0, AudioSegmenter.CODECS, 0,
                "init.mp4", audio.segments())));
        Files.writeString(dir.resolve("master.m3u8"), HlsPlaylists.master(variants, new HlsPlaylists.Audio(
                "audio/playlist.m3u8", audio.bandwidth(), AudioSegmenter.CODECS, AudioSegmenter.CHANNELS)));
        Files.writeString(dir.resolve("manifest.mpd"), DashManifest.mpd(24, representations,
                new DashManifest.AudioRepresentation("audio", "audio/", audio.bandwidth(), AudioSegmenter.CODECS,
                        AudioSegmenter.SAMPLE_RATE, AudioSegmenter.CHANNELS, audio.segmentSamples()), null, null));
        for (HlsPlaylists.Variant v : variants) {
            assertEquals(96, frames(tools, dir.resolve(v.playlistUri())), v.playlistUri());
        }
        String master = tools.ffprobe(List.of("-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", dir.resolve("master.m3u8").toString()), Duration.ofSeconds(60)).stdout();
        assertTrue(master.contains("160,90") && master.contains("320,180") && master.contains("aac"), master);
        assertEquals(96, frames(tools, dir.resolve("manifest.mpd")), "first DASH representation");
        String mpd = tools.ffprobe(List.of("-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", dir.resolve("manifest.mpd").toString()), Duration.ofSeconds(60)).stdout();
        assertTrue(mpd.contains("160,90") && mpd.contains("320,180") && mpd.contains("aac"), mpd);
    }

    @Test
    void encryptedSegmentsDecryptWithTheTitleKeyAndAreSignalledInBothManifests(@TempDir Path dir) throws Exception {
        FfmpegTools tools = FfmpegTools.locate();
        Path source = SyntheticSource.generate(tools, dir.resolve("title.mp4"), 256, 144, 24, List.of(
                new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 1.0),
                new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 1.0))).file();
        ChunkPlan plan = ChunkPlan.of(48, 24, List.of(24), 0.5, 2, 1);
        ChunkEncoder encoder = new ChunkEncoder(tools);
        List<Path> parts = new ArrayList<>();
        for (Chunk chunk : plan.chunks()) {
            Path part = dir.resolve("part_" + chunk.index() + ".mp4");
            encoder.encode(source, plan, chunk, RenditionSettings.crf(144, 28), part);
            parts.add(part);
        }
        Path clear = dir.resolve("rung.mp4");
        encoder.concat(parts, clear);
        ContentKey key = ContentKey.random();
        Path out = dir.resolve("enc");
        List<HlsPlaylists.Segment> segments = new CmafSegmenter(tools).segment(clear, plan, out, key);

        byte[] init = Files.readAllBytes(out.resolve("init.mp4"));
        String initText = new String(init, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(initText.contains("tenc") && initText.contains("pssh") && initText.contains("encv"));
        // init + fragments form one fragmented MP4: with the key it decodes to exactly the clear frames.
        Path joined = dir.resolve("joined.mp4");
        try (var os = Files.newOutputStream(joined)) {
            os.write(init);
            for (HlsPlaylists.Segment s : segments) {
                os.write(Files.readAllBytes(out.resolve(s.uri())));
            }
        }
        String clearFrames = frameHashes(tools, List.of("-i", clear.toString()));
        assertEquals(clearFrames, frameHashes(tools, List.of("-decryption_key", key.keyHex(), "-i", joined.toString())));
        ProcessRunner.Result withoutKey = tools.ffmpeg(List.of("-nostdin", "-v", "error", "-i", joined.toString(),
                "-f", "framemd5", "-"), Duration.ofSeconds(60));
        assertTrue(withoutKey.exitCode() != 0 || !withoutKey.stdout().equals(clearFrames), "readable without key");

        HlsPlaylists.Variant v = new HlsPlaylists.Variant("enc/playlist.m3u8", 500_000, 400_000, 256, 144,
                "avc1.64000c", 24, "init.mp4", segments);
        assertTrue(HlsPlaylists.media(v, key).contains("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,"
                + key.keyIdBase64() + "\",KEYFORMAT=\"org.w3.clearkey\""));
        String mpd = DashManifest.mpd(24, List.of(new DashManifest.Representation("enc", "enc/", 400_000, 256, 144,
                "avc1.64000c", plan.segmentFrames())), null, key, "https://licence.example/clearkey");
        assertTrue(mpd.contains("cenc:default_KID=\"" + key.keyIdUuid() + "\""), mpd);
        assertTrue(mpd.contains("<cenc:pssh>" + PsshBox.commonSystemBase64(key) + "</cenc:pssh>"), mpd);
        assertTrue(mpd.contains("urn:uuid:" + DashManifest.CLEARKEY_SYSTEM_ID), mpd);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(mpd.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String frameHashes(FfmpegTools tools, List<String> input) {
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error"));
        args.addAll(input);
        args.addAll(List.of("-map", "0:v:0", "-f", "framemd5", "-"));
        ProcessRunner.Result r = tools.ffmpeg(args, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.stderr());
        // Drop the header comments; keep one line per decoded frame (timestamps, size, MD5 of the picture).
        return String.join("\n", r.stdout().lines().filter(l -> !l.startsWith("#")).toList());
    }

    private static Map<String, String> probe(FfmpegTools tools, Path file) {
        ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height,profile,level", "-of", "default=nw=1", file.toString()), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, String> values = new HashMap<>();
        r.stdout().lines().map(l -> l.split("=", 2)).filter(kv -> kv.length == 2).forEach(kv -> values.put(kv[0],
                kv[1].strip()));
        return values;
    }

    private static int frames(FfmpegTools tools, Path playlist) {
        ProcessRunner.Result r = tools.ffprobe(List.of("-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", playlist.toString()), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.stderr());
        // The hls demuxer also lists the program; the stream's count is the first line.
        return Integer.parseInt(r.stdout().strip().lines().findFirst().orElse("").replace(",", "").strip());
    }
}
