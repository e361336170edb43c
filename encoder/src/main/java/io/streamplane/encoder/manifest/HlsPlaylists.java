package io.streamplane.encoder.manifest;

import java.util.List;
import java.util.Locale;

/**
 * HLS playlists for a CMAF ladder (fragmented MP4 segments, RFC 8216 version 7): one VOD media playlist per rendition
 * and the master playlist listing them. Written by the project rather than the packager so playback can later filter
 * the variants per device.
 */
public final class HlsPlaylists {

    /** One media segment: its URI relative to the media playlist and its duration. */
    public record Segment(String uri, double seconds) {
    }

    /**
     * One rendition: where its media playlist lives (relative to the master), its peak and average bitrate in bit/s,
     * picture size, RFC 6381 codecs string, frame rate, init segment URI and segments.
     */
    public record Variant(String playlistUri, long peakBandwidth, long averageBandwidth, int width, int height,
                          String codecs, double frameRate, String initUri, List<Segment> segments) {

        public Variant {
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("variant " + playlistUri + " has no segments");
            }
            segments = List.copyOf(segments);
        }
    }

    private HlsPlaylists() {
    }

    /** Clear media playlist. */
    public static String media(Variant variant) {
        return media(variant, null);
    }

    /**
     * Media playlist; with a key, CENC samples are announced as {@code SAMPLE-AES-CTR} with the key id as data URI
     * and the ClearKey key format (what hls.js needs; Shaka accepts it too).
     */
    public static String media(Variant variant, ContentKey key) {
        double longest = variant.segments().stream().mapToDouble(Segment::seconds).max().orElseThrow();
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
        // TARGETDURATION is the longest segment rounded to the nearest integer (RFC 8216, 4.3.3.1).
        m3u8.append("#EXT-X-TARGETDURATION:").append(Math.round(longest)).append('\n');
        m3u8.append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (key != null) {
            m3u8.append("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,").append(key.keyIdBase64())
                    .append("\",KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\"\n");
        }
        m3u8.append("#EXT-X-MAP:URI=\"").append(variant.initUri()).append("\"\n");
        for (Segment s : variant.segments()) {
            m3u8.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n%s%n", s.seconds(), s.uri()));
        }
        return m3u8.append("#EXT-X-ENDLIST\n").toString();
    }

    /** The audio rendition every variant plays with: its media playlist, bitrate in bit/s, codecs, channels. */
    public record Audio(String playlistUri, long bandwidth, String codecs, int channels) {
    }

    /** Master playlist without audio. */
    public static String master(List<Variant> variants) {
        return master(variants, null);
    }

    /**
     * Master playlist, variants in ascending bandwidth order as most players expect; with audio, one AAC group that
     * every variant references, its bitrate added to each variant's and its codec to each CODECS list.
     */
    public static String master(List<Variant> variants, Audio audio) {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audio != null) {
            m3u8.append(String.format(Locale.ROOT, "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"main\","
                    + "DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"%d\",URI=\"%s\"%n", audio.channels(), audio.playlistUri()));
        }
        long extra = audio == null ? 0 : audio.bandwidth();
        String extraCodecs = audio == null ? "" : "," + audio.codecs();
        String group = audio == null ? "" : ",AUDIO=\"audio\"";
        variants.stream().sorted(java.util.Comparator.comparingLong(Variant::peakBandwidth)).forEach(v -> m3u8.append(
                String.format(Locale.ROOT, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,CODECS=\"%s%s\","
                        + "RESOLUTION=%dx%d,FRAME-RATE=%.3f%s%n%s%n", v.peakBandwidth() + extra,
                        v.averageBandwidth() + extra, v.codecs(), extraCodecs, v.width(), v.height(), v.frameRate(),
                        group, v.playlistUri())));
        return m3u8.toString();
    }

    /** RFC 6381 string of an H.264 stream from ffprobe's profile name and level, e.g. High 3.1 = avc1.64001f. */
    public static String avcCodecs(String profile, int level) {
        String profileAndConstraints = switch (profile) {
            case "Constrained Baseline" -> "42c0";
            case "Baseline" -> "4200";
            case "Main" -> "4d40";
            case "High" -> "6400";
            case "High 10" -> "6e00";
            default -> throw new IllegalArgumentException("no codecs string for H.264 profile '" + profile + "'");
        };
        return String.format(Locale.ROOT, "avc1.%s%02x", profileAndConstraints, level);
    }
}
