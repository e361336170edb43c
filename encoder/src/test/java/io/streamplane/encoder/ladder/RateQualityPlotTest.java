package io.streamplane.encoder.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RateQualityPlotTest {

    private static final List<RatePoint> CANDIDATES = List.of(
            new RatePoint("240p crf32", 240, 120, 30), new RatePoint("360p crf26", 360, 400, 60),
            new RatePoint("480p crf32", 480, 380, 50), new RatePoint("720p <best>", 720, 2500, 88));

    @Test
    void writesWellFormedSvgWithOneMarkerPerPointAndALineForTheHull() throws Exception {
        List<RatePoint> hull = ConvexHull.upper(CANDIDATES);
        String svg = RateQualityPlot.svg("Title \"A\" & hull", List.of(
                new RateQualityPlot.Series("candidates", "#999", CANDIDATES, false, false),
                new RateQualityPlot.Series("hull", "#d62728", hull, true, true)));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList groups = doc.getElementsByTagName("g");
        assertEquals(2, groups.getLength());
        Element candidates = (Element) groups.item(0);
        Element hullGroup = (Element) groups.item(1);
        assertEquals(CANDIDATES.size(), candidates.getElementsByTagName("circle").getLength());
        assertEquals(0, candidates.getElementsByTagName("polyline").getLength());
        assertEquals(1, hullGroup.getElementsByTagName("polyline").getLength());
        assertEquals(hull.size(), hullGroup.getElementsByTagName("text").getLength());
        assertTrue(svg.contains("720p &lt;best&gt;"));
    }

    @Test
    void moreBitsPlotFurtherRightAndMoreQualityHigherUp() throws Exception {
        List<RatePoint> rising = List.of(new RatePoint("a", 240, 100, 20), new RatePoint("b", 480, 1000, 60),
                new RatePoint("c", 1080, 8000, 95));
        String svg = RateQualityPlot.svg("t", List.of(new RateQualityPlot.Series("s", "blue", rising, false, false)));
        NodeList circles = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("circle");
        for (int i = 1; i < circles.getLength(); i++) {
            Element prev = (Element) circles.item(i - 1);
            Element cur = (Element) circles.item(i);
            assertTrue(Double.parseDouble(cur.getAttribute("cx")) > Double.parseDouble(prev.getAttribute("cx")));
            assertTrue(Double.parseDouble(cur.getAttribute("cy")) < Double.parseDouble(prev.getAttribute("cy")));
        }
    }

    @Test
    void refusesAnEmptyChart() {
        assertThrows(IllegalArgumentException.class, () -> RateQualityPlot.svg("t", List.of()));
    }
}
