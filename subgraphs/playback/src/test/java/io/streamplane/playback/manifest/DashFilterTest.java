package io.streamplane.playback.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DashFilterTest {
  static final List<Source> SOURCES = List.of(
      new Source("oca-1", "http://127.0.0.1:8201/s/tok1/titles/80000001/", "embedded, holds title"),
      new Source("oca-2", "http://127.0.0.1:8202/s/tok2/titles/80000001/", "exchange"),
      new Source("origin", "http://127.0.0.1:8200/s/tok3/titles/80000001/", "origin"));
  static final String LICENSE = "http://127.0.0.1:8103/playback/sessions/abc/license?t=x.y";

  private static List<String> representations(Document doc) {
    Element root = doc.getDocumentElement();
    return DashFilter.children(root, "Period").stream()
        .flatMap(p -> DashFilter.children(p, "AdaptationSet").stream())
        .flatMap(s -> DashFilter.children(s, "Representation").stream())
        .map(r -> r.getAttribute("id")).toList();
  }

  @Test
  void keepsOnlyWhatTheDeviceDecodesUpToTheAllowedHeight() {
    String out = DashFilter.filter(FarmManifests.mpd(), new DeviceProfile(List.of("avc1", "mp4a"), 720, false),
        SOURCES, LICENSE);
    assertEquals(List.of("v240_0", "v480_1", "v720_2", "audio"), representations(DashFilter.parse(out)));
  }

  @Test
  void exactCodecStringsAndOtherFamiliesAreHonoured() {
    String out = DashFilter.filter(FarmManifests.mpd(),
        new DeviceProfile(List.of("avc1.64001e", "av01", "mp4a.40.2"), 2160, false), SOURCES, null);
    assertEquals(List.of("v480_1", "av1_720", "audio"), representations(DashFilter.parse(out)));
  }

  @Test
  void sourcesBecomeMpdBaseUrlsInRankOrderBeforeThePeriod() {
    String out = DashFilter.filter(FarmManifests.mpd(), new DeviceProfile(List.of("avc1", "mp4a"), 1080, false),
        SOURCES, LICENSE);
    Element root = DashFilter.parse(out).getDocumentElement();
    assertEquals(SOURCES.stream().map(Source::url).toList(),
        DashFilter.children(root, "BaseURL").stream().map(Element::getTextContent).toList());
    // MPD schema order: BaseURL elements precede Period.
    assertTrue(out.indexOf("<BaseURL>http://127.0.0.1:8202") < out.indexOf("<Period"));
    // Representation BaseURLs stay relative, so each resolves against every source.
    assertTrue(out.contains("<BaseURL>v720_2/</BaseURL>"));
    assertTrue(out.contains("default_KID=\"00112233-4455-6677-8899-aabbccddeeff\""));
  }

  @Test
  void licenceUrlGoesIntoTheClearKeyProtectionOfEverySet() {
    String out = DashFilter.filter(FarmManifests.mpd(), new DeviceProfile(List.of("avc1", "mp4a"), 1080, false),
        SOURCES, LICENSE);
    String escaped = LICENSE.replace("&", "&amp;");
    assertEquals(2, out.split("<dashif:laurl>" + java.util.regex.Pattern.quote(escaped) + "</dashif:laurl>", -1).length - 1);
    assertEquals(2, out.split("Lic_type=\"EME-1.0\"", -1).length - 1);
  }

  @Test
  void oneCutServesManySessionsEachWithItsOwnSourcesAndLicence() {
    DeviceProfile device = new DeviceProfile(List.of("avc1", "mp4a"), 1080, false);
    DashTemplate template = DashFilter.cut(FarmManifests.mpd(), device, true);
    String license = "http://127.0.0.1:8103/playback/sessions/s2/license?t=a&b=<c>";
    List<Source> others = List.of(new Source("oca-9", "http://10.0.0.9:8201/s/t&9/titles/80000001/", "other"));
    String first = template.render(SOURCES, LICENSE);
    String second = template.render(others, license);
    assertEquals(DashFilter.filter(FarmManifests.mpd(), device, SOURCES, LICENSE), first);
    Element root = DashFilter.parse(second).getDocumentElement();
    assertEquals(List.of(others.get(0).url()),
        DashFilter.children(root, "BaseURL").stream().map(Element::getTextContent).toList());
    assertEquals(representations(DashFilter.parse(first)), representations(DashFilter.parse(second)));
    assertTrue(second.contains("<dashif:laurl>" + license.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;") + "</dashif:laurl>"), second);
    assertTrue(!second.contains("streamplane:session") && !first.contains(LICENSE.replace("abc", "s2")));
    assertThrows(IllegalArgumentException.class, () -> template.render(SOURCES, null));
  }

  @Test
  void hdrRenditionsNeedHdr() {
    String tag = "codecs=\"avc1.640028\" width=\"1920\" height=\"1080\">";
    assertTrue(FarmManifests.mpd().contains(tag));
    String hdr = FarmManifests.mpd().replace(tag, tag + "<EssentialProperty "
        + "schemeIdUri=\"urn:mpeg:mpegB:cicp:TransferCharacteristics\" value=\"16\"/>");
    List<String> sdrOnly = representations(DashFilter.parse(DashFilter.filter(hdr,
        new DeviceProfile(List.of("avc1", "mp4a"), 1080, false), SOURCES, null)));
    assertEquals(List.of("v240_0", "v480_1", "v720_2", "audio"), sdrOnly);
    List<String> withHdr = representations(DashFilter.parse(DashFilter.filter(hdr,
        new DeviceProfile(List.of("avc1", "mp4a"), 1080, true), SOURCES, null)));
    assertTrue(withHdr.contains("v1080_3"), withHdr.toString());
  }

  @Test
  void nothingPlayableIsAClearRefusal() {
    ManifestException e = assertThrows(ManifestException.class, () -> DashFilter.filter(FarmManifests.mpd(),
        new DeviceProfile(List.of("hvc1", "mp4a"), 1080, false), SOURCES, null));
    assertEquals("NO_PLAYABLE_RENDITION", e.reason());
    ManifestException tooSmall = assertThrows(ManifestException.class, () -> DashFilter.filter(FarmManifests.mpd(),
        new DeviceProfile(List.of("avc1", "mp4a"), 144, false), SOURCES, null));
    assertEquals("NO_PLAYABLE_RENDITION", tooSmall.reason());
  }

  @Test
  void hostileOrBrokenXmlIsRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE MPD [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\">&x;</MPD>";
    assertEquals("BAD_MANIFEST", assertThrows(ManifestException.class, () -> DashFilter.filter(xxe,
        new DeviceProfile(List.of("avc1"), 1080, false), SOURCES, null)).reason());
    assertEquals("BAD_MANIFEST", assertThrows(ManifestException.class, () -> DashFilter.filter("<MPD",
        new DeviceProfile(List.of("avc1"), 1080, false), SOURCES, null)).reason());
  }
}
