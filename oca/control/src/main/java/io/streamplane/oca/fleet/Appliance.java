package io.streamplane.oca.fleet;

import java.util.List;

/**
 * An appliance as it registered: where it is, what it advertises and how much it can hold.
 *
 * @param advertisedPrefixes client address prefixes (CIDR) the appliance serves; an embedded appliance serves only its
 *     ISP's clients (this stands in for the BGP routes an ISP announces to it)
 * @param baseUrl where viewers fetch segments, e.g. {@code http://127.0.0.1:8201}
 * @param agentTarget the gRPC address of its agent, e.g. {@code 127.0.0.1:9201}
 */
public record Appliance(String id, Tier tier, String site, int asn, List<String> advertisedPrefixes,
    long capacityBytes, String baseUrl, String agentTarget) {

  public Appliance {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("appliance id must match [a-z0-9][a-z0-9-]{0,62}");
    }
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    advertisedPrefixes = List.copyOf(advertisedPrefixes);
  }

  /** Embedded (inside an ISP) appliances advertise the ISP's prefixes; exchange appliances serve everyone. */
  public boolean embedded() {
    return tier == Tier.FLASH;
  }
}
