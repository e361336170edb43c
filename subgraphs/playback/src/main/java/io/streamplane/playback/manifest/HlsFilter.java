package io.streamplane.playback.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a title's HLS master playlist (as the encoding farm writes it: variant and audio playlists relative to the
 * title's folder) into one session's master playlist: variants the device cannot decode, taller than allowed or HDR
 * ({@code VIDEO-RANGE=PQ|HLG}) when not allowed are dropped, and every URI becomes absolute on a source. Sources after
 * the first are listed as redundant streams (RFC 8216 6.2.4: the same variants again, each with its own audio group),
 * which players such as hls.js fail over to; the media playlists on the appliances stay untouched (their segment URIs
 * are relative, so they resolve on whichever source served the playlist).
 */
public final class HlsFilter {
  private static final String STREAM_INF = "#EXT-X-STREAM-INF:";
  private static final String MEDIA = "#EXT-X-MEDIA:";

  private HlsFilter() {}

  private record Variant(Map<String, String> attributes, String uri) {}

  private record Media(Map<String, String> attributes) {}

  public static String filter(String master, DeviceProfile device, List<Source> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a session playlist needs at least one source");
    }
    String[] lines = master.replace("\r\n", "\n").split("\n");
    if (lines.length == 0 || !lines[0].trim().equals("#EXTM3U")) {
      throw new ManifestException("BAD_MANIFEST", "the title's HLS master playlist does not start with #EXTM3U");
    }
    List<String> header = new ArrayList<>();
    List<Media> media = new ArrayList<>();
    List<Variant> variants = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.startsWith(STREAM_INF)) {
        Map<String, String> attributes = attributes(line.substring(STREAM_INF.length()));
        String uri = i + 1 < lines.length ? lines[++i].trim() : "";
        if (uri.isEmpty() || uri.startsWith("#")) {
          throw new ManifestException("BAD_MANIFEST", "an EXT-X-STREAM-INF has no URI line");
        }
        if (playable(attributes, device)) {
          variants.add(new Variant(attributes, uri));
        }
      } else if (line.startsWith(MEDIA)) {
        media.add(new Media(attributes(line.substring(MEDIA.length()))));
      } else if (!line.isEmpty() && !line.startsWith("#EXT-X-I-FRAME-STREAM-INF")) {
        header.add(line);
      }
    }
    if (variants.isEmpty()) {
      throw new ManifestException("NO_PLAYABLE_RENDITION",
          "no video rendition of this title fits the device's codecs and the allowed resolution");
    }
    StringBuilder out = new StringBuilder("#EXTM3U\n");
    header.forEach(h -> out.append(h).append('\n'));
    for (int r = 0; r < sources.size(); r++) {
      final int rank = r;
      String base = sources.get(rank).url();
      for (Media m : media) {
        Map<String, String> a = new LinkedHashMap<>(m.attributes());
        a.computeIfPresent("GROUP-ID", (k, v) -> quote(group(unquote(v), rank)));
        a.computeIfPresent("URI", (k, v) -> quote(base + unquote(v)));
        out.append(MEDIA).append(join(a)).append('\n');
      }
      for (Variant v : variants) {
        Map<String, String> a = new LinkedHashMap<>(v.attributes());
        for (String groupAttribute : List.of("AUDIO", "SUBTITLES", "VIDEO")) {
          a.computeIfPresent(groupAttribute, (k, value) -> quote(group(unquote(value), rank)));
        }
        out.append(STREAM_INF).append(join(a)).append('\n').append(base).append(v.uri()).append('\n');
      }
    }
    return out.toString();
  }

  private static String group(String group, int rank) {
    return rank == 0 ? group : group + "-r" + rank;
  }

  private static boolean playable(Map<String, String> attributes, DeviceProfile device) {
    String codecs = attributes.get("CODECS");
    if (codecs == null || !device.decodesAll(unquote(codecs))) {
      return false;
    }
    String resolution = attributes.get("RESOLUTION");
    if (resolution == null) {
      return false;   // an unknown height is never assumed to fit
    }
    int x = resolution.indexOf('x');
    int height;
    try {
      height = Integer.parseInt(resolution.substring(x + 1).trim());
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ManifestException("BAD_MANIFEST", "bad RESOLUTION in the master playlist: " + resolution);
    }
    String range = attributes.getOrDefault("VIDEO-RANGE", "SDR");
    return height <= device.maxHeight() && (device.hdr() || range.equals("SDR"));
  }

  /** Attribute list of RFC 8216 4.2: NAME=value pairs separated by commas, quoted strings may contain commas. */
  static Map<String, String> attributes(String list) {
    Map<String, String> attributes = new LinkedHashMap<>();
    int i = 0;
    while (i < list.length()) {
      int eq = list.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = list.substring(i, eq).trim();
      int end;
      if (eq + 1 < list.length() && list.charAt(eq + 1) == '"') {
        int close = list.indexOf('"', eq + 2);
        if (close < 0) {
          throw new ManifestException("BAD_MANIFEST", "unterminated quoted string in the master playlist");
        }
        end = close + 1;
      } else {
        int comma = list.indexOf(',', eq + 1);
        end = comma < 0 ? list.length() : comma;
      }
      attributes.put(name, list.substring(eq + 1, end));
      i = end + 1;
    }
    return attributes;
  }

  private static String join(Map<String, String> attributes) {
    StringBuilder joined = new StringBuilder();
    attributes.forEach((k, v) -> joined.append(joined.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return joined.toString();
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  private static String quote(String value) {
    return '"' + value + '"';
  }
}
