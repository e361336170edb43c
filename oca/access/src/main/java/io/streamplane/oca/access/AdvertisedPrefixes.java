package io.streamplane.oca.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client prefixes an appliance serves (directed cache). The control plane sets them; they stand in for the routes
 * an ISP would announce to an embedded appliance over BGP.
 */
public record AdvertisedPrefixes(List<CidrBlock> blocks) {

  public AdvertisedPrefixes {
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("an appliance advertises at least one prefix");
    }
  }

  /** Parses a comma-separated list such as {@code 10.0.0.0/8,2001:db8::/32}. */
  public static AdvertisedPrefixes parse(String commaSeparated) {
    List<CidrBlock> blocks = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        blocks.add(CidrBlock.parse(part));
      }
    }
    return new AdvertisedPrefixes(blocks);
  }

  /** The prefixes in CIDR notation, as the appliance advertises them to the control plane. */
  public List<String> asStrings() {
    return blocks.stream().map(CidrBlock::toString).toList();
  }

  public boolean contains(InetAddress client) {
    for (CidrBlock block : blocks) {
      if (block.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
