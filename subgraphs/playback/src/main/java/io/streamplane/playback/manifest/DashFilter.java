package io.streamplane.playback.manifest;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Turns a title's DASH MPD (as the encoding farm writes it: relative Representation {@code BaseURL}s such as
 * {@code v720_2/}) into one session's MPD: Representations the device cannot decode, taller than allowed or HDR when
 * HDR is not allowed are dropped; one MPD-level {@code BaseURL} per ranked source, best first (players resolve every
 * relative URL against each and move down the list when a source fails; Shaka does this on segment errors); the
 * licence URL goes into the ClearKey {@code ContentProtection} ({@code dashif:laurl}, {@code clearkey:Laurl}).
 *
 * <p>Parsing and cutting happen once per title and device profile ({@link #cut}); each session then only fills in its
 * sources and licence URL ({@link DashTemplate#render}).
 */
public final class DashFilter {
  static final String MPD_NS = "urn:mpeg:dash:schema:mpd:2011";
  static final String DASHIF_NS = "https://dashif.org/CPS";
  static final String CLEARKEY_NS = "http://dashif.org/guidelines/clearKey";
  static final String CLEARKEY_SCHEME = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";
  private static final String TRANSFER = "urn:mpeg:mpegB:cicp:TransferCharacteristics";

  private DashFilter() {}

  /** Cut and render in one step (what a template renders must equal this; the service goes through the template). */
  static String filter(String mpd, DeviceProfile device, List<Source> sources, String licenseUrl) {
    return cut(mpd, device, licenseUrl != null).render(sources, licenseUrl);
  }

  /**
   * The work that depends only on the title and the device: parse, drop what the device may not play, and leave
   * markers where each session's sources and licence URL go.
   */
  public static DashTemplate cut(String mpd, DeviceProfile device, boolean withLicense) {
    if (mpd.contains(DashTemplate.BASE_URL_MARK) || mpd.contains(DashTemplate.LICENSE_URL_MARK)) {
      throw new ManifestException("BAD_MANIFEST", "the title's DASH manifest contains a reserved marker");
    }
    Document doc = parse(mpd);
    Element root = doc.getDocumentElement();
    if (!"MPD".equals(root.getLocalName()) || !MPD_NS.equals(root.getNamespaceURI())) {
      throw new ManifestException("BAD_MANIFEST", "the title's manifest is not a DASH MPD");
    }
    int videoKept = 0;
    for (Element period : children(root, "Period")) {
      for (Element set : children(period, "AdaptationSet")) {
        boolean video = isVideo(set);
        for (Element rep : children(set, "Representation")) {
          if (!playable(set, rep, video, device)) {
            removeWithIndent(rep);
          } else if (video) {
            videoKept++;
          }
        }
        if (children(set, "Representation").isEmpty()) {
          removeWithIndent(set);
        } else if (withLicense) {
          setLicenseUrl(doc, set, DashTemplate.LICENSE_URL_MARK);
        }
      }
    }
    if (videoKept == 0) {
      throw new ManifestException("NO_PLAYABLE_RENDITION",
          "no video rendition of this title fits the device's codecs and the allowed resolution");
    }
    for (Element old : children(root, "BaseURL")) {
      root.removeChild(old);
    }
    Node before = firstChildAfterProgramInformation(root);
    Element base = doc.createElementNS(MPD_NS, "BaseURL");
    base.setTextContent(DashTemplate.BASE_URL_MARK);
    root.insertBefore(base, before);
    root.insertBefore(doc.createTextNode(DashTemplate.BASE_URL_SEPARATOR), before);
    return DashTemplate.of(serialise(doc));
  }

  /** Removes an element and the indentation before it, so the session manifest reads like the original. */
  private static void removeWithIndent(Element element) {
    Node before = element.getPreviousSibling();
    if (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
      element.getParentNode().removeChild(before);
    }
    element.getParentNode().removeChild(element);
  }

  private static boolean playable(Element set, Element rep, boolean video, DeviceProfile device) {
    String codecs = attr(rep, set, "codecs");
    if (!device.decodesAll(codecs)) {
      return false;
    }
    if (!video) {
      return true;
    }
    String height = attr(rep, set, "height");
    if (height == null || Integer.parseInt(height.trim()) > device.maxHeight()) {
      return false;   // an unknown height is never assumed to fit
    }
    return device.hdr() || !(isHdr(set) || isHdr(rep));
  }

  private static boolean isVideo(Element set) {
    String contentType = set.getAttribute("contentType");
    String mime = set.getAttribute("mimeType");
    if (mime.isEmpty()) {
      List<Element> reps = children(set, "Representation");
      mime = reps.isEmpty() ? "" : reps.get(0).getAttribute("mimeType");
    }
    return "video".equals(contentType) || mime.startsWith("video/");
  }

  /** PQ (16) or HLG (18) transfer characteristics signalled on the element. */
  private static boolean isHdr(Element element) {
    for (String name : List.of("EssentialProperty", "SupplementalProperty")) {
      for (Element property : children(element, name)) {
        if (TRANSFER.equals(property.getAttribute("schemeIdUri"))
            && List.of("16", "18").contains(property.getAttribute("value").trim())) {
          return true;
        }
      }
    }
    return false;
  }

  private static void setLicenseUrl(Document doc, Element set, String licenseUrl) {
    for (Element protection : children(set, "ContentProtection")) {
      if (!CLEARKEY_SCHEME.equalsIgnoreCase(protection.getAttribute("schemeIdUri"))) {
        continue;
      }
      while (protection.getFirstChild() != null) {
        protection.removeChild(protection.getFirstChild());
      }
      Element laurl = doc.createElementNS(CLEARKEY_NS, "clearkey:Laurl");
      laurl.setAttribute("Lic_type", "EME-1.0");
      laurl.setTextContent(licenseUrl);
      protection.appendChild(laurl);
      Element dashif = doc.createElementNS(DASHIF_NS, "dashif:laurl");
      dashif.setTextContent(licenseUrl);
      protection.appendChild(dashif);
    }
  }

  /** Inherited attributes: a Representation's own, else its AdaptationSet's. */
  private static String attr(Element rep, Element set, String name) {
    if (rep.hasAttribute(name)) {
      return rep.getAttribute(name);
    }
    return set.hasAttribute(name) ? set.getAttribute(name) : null;
  }

  private static Node firstChildAfterProgramInformation(Element root) {
    Node node = root.getFirstChild();
    while (node != null && (node.getNodeType() != Node.ELEMENT_NODE
        || "ProgramInformation".equals(node.getLocalName()))) {
      node = node.getNextSibling();
    }
    return node;
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName()) && MPD_NS.equals(e.getNamespaceURI())) {
        found.add(e);
      }
    }
    return found;
  }

  static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // The origin is ours, but a manifest is still never allowed to pull in entities or DTDs.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new ManifestException("BAD_MANIFEST", "the title's DASH manifest cannot be parsed");
    }
  }

  private static String serialise(Document doc) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      doc.setXmlStandalone(true);
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException("an in-memory DOM always serialises", e);
    }
  }
}
