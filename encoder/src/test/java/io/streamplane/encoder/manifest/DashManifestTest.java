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
}
