package io.streamplane.federation.supergraph;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code @link} of a core schema: which spec, which version, under which local name, for which purpose.
 *
 * @param imports element name in the spec (e.g. "@key") to the local name it was imported as
 */
record LinkedFeature(String url, String identity, String name, int major, int minor, String localName,
                     String purpose, Map<String, String> imports) {

  private static final Pattern SPEC_URL = Pattern.compile("^(.*)/([A-Za-z_][A-Za-z0-9_-]*)/v(\\d+)\\.(\\d+)/?$");

  static LinkedFeature of(String url, String as, String purpose, Map<String, String> imports) {
    Matcher m = SPEC_URL.matcher(url);
    if (!m.matches()) {
      throw new SupergraphException("INVALID_LINK", "cannot read @link url \"" + url + "\" (expected <spec>/<name>/v<major>.<minor>)");
    }
    String name = m.group(2);
    return new LinkedFeature(url, m.group(1) + "/" + name, name, Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), as != null ? as : name, purpose, imports);
  }

  String version() {
    return "v" + major + "." + minor;
  }

  /** The local name of a directive of this feature: the feature's own directive is {@code @localName}, others are prefixed. */
  String directive(String element) {
    String imported = imports.get("@" + element);
    if (imported != null) {
      return imported.substring(1);
    }
    return element.equals(name) ? localName : localName + "__" + element;
  }

  boolean ownsName(String typeOrDirectiveName) {
    return typeOrDirectiveName.equals(localName) || typeOrDirectiveName.startsWith(localName + "__")
        || imports.containsValue("@" + typeOrDirectiveName) || imports.containsValue(typeOrDirectiveName);
  }

  boolean isApolloSpec(String specName) {
    return identity.equals("https://specs.apollo.dev/" + specName);
  }
}
