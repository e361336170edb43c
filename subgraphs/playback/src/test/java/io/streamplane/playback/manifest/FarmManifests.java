package io.streamplane.playback.manifest;

import io.streamplane.encoder.manifest.ContentKey;
import io.streamplane.encoder.manifest.DashManifest;
import io.streamplane.encoder.manifest.HlsPlaylists;
import java.util.HexFormat;
import java.util.List;

/** A small encrypted title's manifests written by the encoding farm's own writers (what the origin holds). */
public final class FarmManifests {
  public static final ContentKey KEY = new ContentKey(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
      HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0"));

  private FarmManifests() {}

  private static final List<Integer> FRAMES = List.of(48, 72, 48);

  /** Four H.264 rungs (240p … 1080p) and one AV1 720p rung, plus AAC audio, encrypted. */
  public static String mpd() {
    return DashManifest.mpd(24, List.of(
        new DashManifest.Representation("v240_0", "v240_0/", 300_000, 426, 240, "avc1.64000d", FRAMES),
        new DashManifest.Representation("v480_1", "v480_1/", 900_000, 854, 480, "avc1.64001e", FRAMES),
        new DashManifest.Representation("v720_2", "v720_2/", 2_500_000, 1280, 720, "avc1.64001f", FRAMES),
        new DashManifest.Representation("v1080_3", "v1080_3/", 5_000_000, 1920, 1080, "avc1.640028", FRAMES),
        new DashManifest.Representation("av1_720", "av1_720/", 1_800_000, 1280, 720, "av01.0.05M.08", FRAMES)),
        new DashManifest.AudioRepresentation("audio", "audio/", 128_000, "mp4a.40.2", 48_000, 2,
            List.of(96_000L, 144_000L, 96_000L)), KEY, null);
  }

  public static String master() {
    List<HlsPlaylists.Segment> segments = List.of(new HlsPlaylists.Segment("seg_00000.m4s", 2),
        new HlsPlaylists.Segment("seg_00001.m4s", 3), new HlsPlaylists.Segment("seg_00002.m4s", 2));
    return HlsPlaylists.master(List.of(
        variant("v240_0", 300_000, 426, 240, "avc1.64000d", segments),
        variant("v480_1", 900_000, 854, 480, "avc1.64001e", segments),
        variant("v720_2", 2_500_000, 1280, 720, "avc1.64001f", segments),
        variant("v1080_3", 5_000_000, 1920, 1080, "avc1.640028", segments)),
        new HlsPlaylists.Audio("audio/playlist.m3u8", 128_000, "mp4a.40.2", 2));
  }

  private static HlsPlaylists.Variant variant(String folder, long bps, int w, int h, String codecs,
      List<HlsPlaylists.Segment> segments) {
    return new HlsPlaylists.Variant(folder + "/playlist.m3u8", bps, bps, w, h, codecs, 24, "init.mp4", segments);
  }
}
