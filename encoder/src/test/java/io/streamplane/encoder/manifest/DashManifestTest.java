package io.streamplane.encoder.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DashManifestTest {

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void timelineRunsRepeatEqualSegmentsAndDurationsAddUp() throws Exception {
        // Segments of 48, 48, 24, 48, 36 frames at 24 fps: 8.5 s.
        DashManifest.Representation r = new DashManifest.Representation("v720", "v720/", 2_400_000, 1280, 720,
                "avc1.64001f", List.of(48, 48, 24, 48, 36));
        Document doc = parse(DashManifest.mpd(24, List.of(r)));
        Element mpd = doc.getDocumentElement();
        assertEquals("static", mpd.getAttribute("type"));
        assertEquals("PT8.500S", mpd.getAttribute("mediaPresentationDuration"));
        Element template = (Element) doc.getElementsByTagName("SegmentTemplate").item(0);
        assertEquals("24", template.getAttribute("timescale"));
        NodeList s = doc.getElementsByTagName("S");
        assertEquals(4, s.getLength());
        assertEquals("1", ((Element) s.item(0)).getAttribute("r"));
        assertEquals("48", ((Element) s.item(0)).getAttribute("d"));
        assertEquals("96", ((Element) s.item(1)).getAttribute("t"));
        assertEquals("168", ((Element) s.item(3)).getAttribute("t"));
    }

    @Test
    void ntscRatesCountFramesIn1001TicksAndRepresentationsAscend() throws Exception {
        DashManifest.Representation low = new DashManifest.Representation("low", "low/", 300_000, 640, 360,
                "avc1.64001e", List.of(48));
        DashManifest.Representation high = new DashManifest.Representation("high", "high/", 3_000_000, 1280, 720,
                "avc1.64001f", List.of(48));
        Document doc = parse(DashManifest.mpd(24000.0 / 1001, List.of(high, low)));
        Element template = (Element) doc.getElementsByTagName("SegmentTemplate").item(0);
        assertEquals("24000", template.getAttribute("timescale"));
        assertEquals("48048", ((Element) doc.getElementsByTagName("S").item(0)).getAttribute("d"));
        assertEquals("24000/1001", ((Element) doc.getElementsByTagName("AdaptationSet").item(0))
                .getAttribute("frameRate"));
        NodeList reps = doc.getElementsByTagName("Representation");
        assertEquals("low", ((Element) reps.item(0)).getAttribute("id"));
        assertEquals("high", ((Element) reps.item(1)).getAttribute("id"));
    }

    @Test
    void oneAdaptationSetPerCodecH264FirstAudioLast() throws Exception {
        List<DashManifest.Representation> reps = List.of(
                new DashManifest.Representation("av1_360_1", "av1_360_1/", 500_000, 640, 360, "av01.0.01M.08",
                        List.of(48)),
                new DashManifest.Representation("v360_1", "v360_1/", 900_000, 640, 360, "avc1.64001e", List.of(48)),
                new DashManifest.Representation("vp9_240_0", "vp9_240_0/", 300_000, 426, 240, "vp09.00.20.08",
                        List.of(48)),
                new DashManifest.Representation("v240_0", "v240_0/", 400_000, 426, 240, "avc1.640015", List.of(48)));
        Document doc = parse(DashManifest.mpd(24, reps, new DashManifest.AudioRepresentation("audio", "audio/",
                130_000, "mp4a.40.2", 48000, 2, List.of(96256L)), ContentKey.random(), null));
        NodeList sets = doc.getElementsByTagName("AdaptationSet");
        assertEquals(4, sets.getLength());
        String[][] expected = {{"avc1.640015", "avc1.64001e"}, {"vp09.00.20.08"}, {"av01.0.01M.08"}};
        for (int i = 0; i < expected.length; i++) {
            Element set = (Element) sets.item(i);
            assertEquals(String.valueOf(i), set.getAttribute("id"));
            assertEquals("video", set.getAttribute("contentType"));
            assertEquals(3, set.getElementsByTagName("ContentProtection").getLength(), "each set is protected");
            NodeList r = set.getElementsByTagName("Representation");
            assertEquals(expected[i].length, r.getLength());
            for (int j = 0; j < r.getLength(); j++) {
                assertEquals(expected[i][j], ((Element) r.item(j)).getAttribute("codecs"));
            }
        }
        assertEquals("audio", ((Element) sets.item(3)).getAttribute("contentType"));
        assertEquals("3", ((Element) sets.item(3)).getAttribute("id"));
    }
}
