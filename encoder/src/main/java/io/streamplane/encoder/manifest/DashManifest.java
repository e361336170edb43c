package io.streamplane.encoder.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A static DASH MPD (ISO/IEC 23009-1, live profile addressing) for the same CMAF segments as the HLS playlists: one
 * video AdaptationSet per codec (H.264, VP9, AV1), one Representation per rendition, each with
 * {@code SegmentTemplate} + {@code SegmentTimeline} over its folder's {@code init.mp4} and {@code seg_NNNNN.m4s}. Segment durations are whole frames: the timescale is
 * the frame rate (24 fps: 24 ticks per second), or 1001 ticks per frame for NTSC rates (23.976 fps: 24000/s).
 */
public final class DashManifest {

    /** One rendition: folder (relative to the MPD, ending in '/'), bitrate in bit/s, size, codecs, frame counts. */
    public record Representation(String id, String baseUrl, long bandwidth, int width, int height, String codecs,
                                 List<Integer> segmentFrames) {

        public Representation {
            if (segmentFrames.isEmpty()) {
                throw new IllegalArgumentException("representation " + id + " has no segments");
            }
            segmentFrames = List.copyOf(segmentFrames);
        }
    }

    /** EME's ClearKey key system as a DASH scheme. */
    public static final String CLEARKEY_SYSTEM_ID = "e2719d58-a985-b3c9-781a-b030af78d30e";

    private DashManifest() {
    }

    /** The audio track: folder, bitrate in bit/s, codecs, sample rate and segment lengths in samples. */
    public record AudioRepresentation(String id, String baseUrl, long bandwidth, String codecs, int sampleRate,
                                      int channels, List<Long> segmentSamples) {

        public AudioRepresentation {
            segmentSamples = List.copyOf(segmentSamples);
        }
    }

    /** Clear MPD, video only. */
    public static String mpd(double fps, List<Representation> representations) {
        return mpd(fps, representations, null, null, null);
    }

    /**
     * MPD; with a key, the AdaptationSet signals CENC ({@code mp4protection} with {@code cenc:default_KID}), the
     * common-system pssh, and ClearKey (with the licence URL when given, which dash.js needs to ask a server).
     */
    public static String mpd(double fps, List<Representation> representations, AudioRepresentation audio,
                             ContentKey key, String licenseUrl) {
        if (representations.isEmpty()) {
            throw new IllegalArgumentException("an MPD needs at least one representation");
        }
        boolean integerRate = Math.abs(fps - Math.rint(fps)) < 1e-9;
        long ticksPerFrame = integerRate ? 1 : 1001;
        long timescale = Math.round(fps * ticksPerFrame);
        int totalFrames = representations.get(0).segmentFrames().stream().mapToInt(Integer::intValue).sum();
        int longest = representations.stream().flatMap(r -> r.segmentFrames().stream()).mapToInt(Integer::intValue)
                .max().orElseThrow();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append(String.format(Locale.ROOT, "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
                + "xmlns:cenc=\"urn:mpeg:cenc:2013\" xmlns:clearkey=\"http://dashif.org/guidelines/clearKey\" "
                + "xmlns:dashif=\"https://dashif.org/CPS\" type=\"static\" "
                + "profiles=\"urn:mpeg:dash:profile:isoff-live:2011\" mediaPresentationDuration=\"%s\" "
                + "minBufferTime=\"%s\" maxSegmentDuration=\"%s\">%n", duration(totalFrames / fps),
                duration(longest / fps), duration(longest / fps)));
        xml.append("  <Period id=\"0\" start=\"PT0S\">\n");
        // One AdaptationSet per codec family: a player switches bitrates within a set, never codecs.
        Map<String, List<Representation>> byCodec = new LinkedHashMap<>();
        representations.stream().sorted(Comparator.comparing((Representation r) -> codecOrder(r.codecs()))
                .thenComparingLong(Representation::bandwidth))
                .forEach(r -> byCodec.computeIfAbsent(family(r.codecs()), f -> new ArrayList<>()).add(r));
        int setId = 0;
        for (List<Representation> set : byCodec.values()) {
            xml.append(String.format(Locale.ROOT, "    <AdaptationSet id=\"%d\" contentType=\"video\" "
                    + "mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" frameRate=\"%s\">%n",
                    setId++, integerRate ? String.valueOf(timescale) : timescale + "/1001"));
            protection(xml, key, licenseUrl);
            for (Representation r : set) {
                xml.append(String.format(Locale.ROOT, "      <Representation id=\"%s\" bandwidth=\"%d\" "
                        + "codecs=\"%s\" width=\"%d\" height=\"%d\">%n", escape(r.id()), r.bandwidth(),
                        escape(r.codecs()), r.width(), r.height()));
                xml.append("        <BaseURL>").append(escape(r.baseUrl())).append("</BaseURL>\n");
                timeline(xml, timescale, r.segmentFrames().stream().map(f -> f * ticksPerFrame).toList());
                xml.append("      </Representation>\n");
            }
            xml.append("    </AdaptationSet>\n");
        }
        if (audio != null) {
            xml.append("    <AdaptationSet id=\"" + setId + "\" contentType=\"audio\" mimeType=\"audio/mp4\" "
                    + "lang=\"und\" segmentAlignment=\"true\" startWithSAP=\"1\">\n");
            protection(xml, key, licenseUrl);
            xml.append(String.format(Locale.ROOT, "      <Representation id=\"%s\" bandwidth=\"%d\" codecs=\"%s\" "
                    + "audioSamplingRate=\"%d\">%n", escape(audio.id()), audio.bandwidth(), escape(audio.codecs()),
                    audio.sampleRate()));
            xml.append(String.format(Locale.ROOT, "        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:"
                    + "23003:3:audio_channel_configuration:2011\" value=\"%d\"/>%n", audio.channels()));
            xml.append("        <BaseURL>").append(escape(audio.baseUrl())).append("</BaseURL>\n");
            timeline(xml, audio.sampleRate(), audio.segmentSamples());
            xml.append("      </Representation>\n    </AdaptationSet>\n");
        }
        return xml.append("  </Period>\n</MPD>\n").toString();
    }

    private static void protection(StringBuilder xml, ContentKey key, String licenseUrl) {
        if (key == null) {
        return;
        }
        xml.append("      <ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\" "
                + "cenc:default_KID=\"").append(key.keyIdUuid()).append("\"/>\n");
        xml.append("      <ContentProtection schemeIdUri=\"urn:uuid:").append(PsshBox.COMMON_SYSTEM_ID)
                .append("\"><cenc:pssh>").append(PsshBox.commonSystemBase64(key)).append("</cenc:pssh>"
                + "</ContentProtection>\n");
        xml.append("      <ContentProtection schemeIdUri=\"urn:uuid:").append(CLEARKEY_SYSTEM_ID)
                .append("\" value=\"ClearKey1.0\">");
        if (licenseUrl != null) {
            xml.append("<clearkey:Laurl Lic_type=\"EME-1.0\">").append(escape(licenseUrl))
                    .append("</clearkey:Laurl><dashif:laurl>").append(escape(licenseUrl)).append("</dashif:laurl>");
        }
        xml.append("</ContentProtection>\n");
        }

    /** SegmentTemplate over init.mp4 / seg_NNNNN.m4s with a timeline of the given durations (runs compressed). */
    private static void timeline(StringBuilder xml, long timescale, List<Long> durations) {
        xml.append(String.format(Locale.ROOT, "        <SegmentTemplate timescale=\"%d\" startNumber=\"0\" "
                + "initialization=\"init.mp4\" media=\"seg_$Number%%05d$.m4s\">%n", timescale));
        xml.append("          <SegmentTimeline>\n");
        long t = 0;
        for (int i = 0; i < durations.size(); ) {
            int run = 1;
            while (i + run < durations.size() && durations.get(i + run).equals(durations.get(i))) {
                run++;
            }
            long d = durations.get(i);
            xml.append(String.format(Locale.ROOT, "            <S t=\"%d\" d=\"%d\"%s/>%n", t, d,
                    run > 1 ? " r=\"" + (run - 1) + "\"" : ""));
            t += d * run;
            i += run;
        }
        xml.append("          </SegmentTimeline>\n        </SegmentTemplate>\n");
    }

    /** The codec family of an RFC 6381 string: its sample entry, e.g. avc1, vp09, av01. */
    private static String family(String codecs) {
        int dot = codecs.indexOf('.');
        return dot < 0 ? codecs : codecs.substring(0, dot);
    }

    /** H.264 first (the set every player can take), then VP9, AV1, anything else. */
    private static int codecOrder(String codecs) {
        return switch (family(codecs)) {
            case "avc1", "avc3" -> 0;
            case "vp09" -> 1;
            case "av01" -> 2;
            default -> 3;
        };
    }

    private static String duration(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
