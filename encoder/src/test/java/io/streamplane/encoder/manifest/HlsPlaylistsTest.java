package io.streamplane.encoder.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsPlaylistsTest {

    private static final HlsPlaylists.Variant SMALL = new HlsPlaylists.Variant("v216/playlist.m3u8", 400_000, 300_000,
            384, 216, "avc1.64001e", 24, "init.mp4", List.of(new HlsPlaylists.Segment("seg_00000.m4s", 2.0),
            new HlsPlaylists.Segment("seg_00001.m4s", 2.6)));

    @Test
    void mediaPlaylistListsInitAndSegmentsWithTheirDurations() {
        String m3u8 = HlsPlaylists.media(SMALL);
        assertEquals(List.of("#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:3", "#EXT-X-MEDIA-SEQUENCE:0",
                "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-MAP:URI=\"init.mp4\"",
                "#EXTINF:2.000000,", "seg_00000.m4s", "#EXTINF:2.600000,", "seg_00001.m4s", "#EXT-X-ENDLIST"),
                m3u8.lines().toList());
    }

    @Test
    void masterListsVariantsByAscendingBandwidth() {
        HlsPlaylists.Variant big = new HlsPlaylists.Variant("v720/playlist.m3u8", 3_000_000, 2_400_000, 1280, 720,
                "avc1.64001f", 24, "init.mp4", SMALL.segments());
        List<String> lines = HlsPlaylists.master(List.of(big, SMALL)).lines().toList();
        assertEquals("#EXT-X-STREAM-INF:BANDWIDTH=400000,AVERAGE-BANDWIDTH=300000,CODECS=\"avc1.64001e\","
                + "RESOLUTION=384x216,FRAME-RATE=24.000", lines.get(3));
        assertEquals("v216/playlist.m3u8", lines.get(4));
        assertEquals("v720/playlist.m3u8", lines.get(6));
    }

    @Test
    void avcCodecsStringsFollowRfc6381() {
        assertEquals("avc1.64001f", HlsPlaylists.avcCodecs("High", 31));
        assertEquals("avc1.4d401e", HlsPlaylists.avcCodecs("Main", 30));
        assertEquals("avc1.42c015", HlsPlaylists.avcCodecs("Constrained Baseline", 21));
        assertThrows(IllegalArgumentException.class, () -> HlsPlaylists.avcCodecs("High 4:4:4 Predictive", 40));
    }

}
