package io.streamplane.oca.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address prefix such as {@code 10.20.0.0/16} or {@code 2001:db8::/32}. */
public record CidrBlock(byte[] network, int prefixLength) {

  // Only address literals: InetAddress.getByName would otherwise resolve host names through DNS.
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

  public CidrBlock {
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes");
    }
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
    network = mask(network.clone(), prefixLength);
  }

  /** Parses {@code address/length}; a bare address means a single host. */
  public static CidrBlock parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("address prefix is missing");
    }
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }
    int length = bytes.length * 8;
    if (slash >= 0) {
      String digits = trimmed.substring(slash + 1);
      if (!digits.matches("[0-9]{1,3}")) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      length = Integer.parseInt(digits);
    }
    return new CidrBlock(bytes, length);
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(candidate, prefixLength), network);
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    for (int bit = prefixLength; bit < address.length * 8; bit++) {
      address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return address;
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrBlock block && block.prefixLength == prefixLength
        && Arrays.equals(block.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** Canonical text, e.g. {@code 10.20.0.0/16}; parsing it gives an equal block. */
  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + network.length + " bytes", e);
    }
  }
}
