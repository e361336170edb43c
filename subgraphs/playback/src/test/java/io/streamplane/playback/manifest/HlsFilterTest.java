package io.streamplane.playback.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsFilterTest {
  private static final List<Source> SOURCES = DashFilterTest.SOURCES;

  private static List<String> uris(String playlist) {
    return Arrays.stream(playlist.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  @Test
  void variantsAreFilteredAndAbsoluteOnTheTopSourceFirst() {
    String out = HlsFilter.filter(FarmManifests.master(), new DeviceProfile(List.of("avc1", "mp4a"), 480, false),
        SOURCES.subList(0, 1));
    assertEquals(List.of(SOURCES.get(0).url() + "v240_0/playlist.m3u8", SOURCES.get(0).url() + "v480_1/playlist.m3u8"),
        uris(out));
    assertTrue(out.contains("URI=\"" + SOURCES.get(0).url() + "audio/playlist.m3u8\""), out);
    assertTrue(out.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n"), out);
  }

  @Test
  void laterSourcesAreRedundantStreamsWithTheirOwnAudioGroups() {
    String out = HlsFilter.filter(FarmManifests.master(), new DeviceProfile(List.of("avc1", "mp4a"), 720, false),
        SOURCES);
    List<String> uris = uris(out);
    assertEquals(9, uris.size());
    assertTrue(uris.get(0).startsWith(SOURCES.get(0).url()) && uris.get(3).startsWith(SOURCES.get(1).url())
        && uris.get(8).startsWith(SOURCES.get(2).url()), uris.toString());
    assertTrue(out.contains("GROUP-ID=\"audio\"") && out.contains("GROUP-ID=\"audio-r1\"")
        && out.contains("AUDIO=\"audio-r2\""), out);
  }

  @Test
  void codecsAttributeMustBeFullyDecodable() {
    // The variants carry "avc1…,mp4a.40.2": a device without AAC plays none of them.
    assertEquals("NO_PLAYABLE_RENDITION", assertThrows(ManifestException.class, () -> HlsFilter.filter(
        FarmManifests.master(), new DeviceProfile(List.of("avc1"), 1080, false), SOURCES)).reason());
  }

  @Test
  void hdrVariantsNeedHdr() {
    String master = FarmManifests.master().replace("RESOLUTION=1920x1080", "RESOLUTION=1920x1080,VIDEO-RANGE=PQ");
    assertEquals(3, uris(HlsFilter.filter(master, new DeviceProfile(List.of("avc1", "mp4a"), 1080, false),
        SOURCES.subList(0, 1))).size());
    assertEquals(4, uris(HlsFilter.filter(master, new DeviceProfile(List.of("avc1", "mp4a"), 1080, true),
        SOURCES.subList(0, 1))).size());
  }

  @Test
  void notAPlaylistIsRefused() {
    assertEquals("BAD_MANIFEST", assertThrows(ManifestException.class, () -> HlsFilter.filter("<MPD/>",
        new DeviceProfile(List.of("avc1"), 1080, false), SOURCES)).reason());
  }
}
