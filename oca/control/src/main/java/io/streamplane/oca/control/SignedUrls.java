package io.streamplane.oca.control;

import io.streamplane.oca.access.CidrBlock;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.steering.UrlTokens;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Signs session URLs in the appliances' token format. The grant covers the title's folder and the client's network
 * (/24 for IPv4, /48 for IPv6) rather than the exact address, so a player whose address changes inside its network
 * keeps playing, while a URL copied elsewhere does not work.
 */
public final class SignedUrls implements UrlTokens {
  private final UrlSigner signer;

  public SignedUrls(UrlSigner signer) {
    this.signer = signer;
  }

  @Override
  public String signedPathPrefix(String titleId, String session, InetAddress client, Instant expiresAt) {
    String titlePrefix = "/titles/" + titleId + "/";
    CidrBlock network = new CidrBlock(client.getAddress(), client instanceof Inet4Address ? 24 : 48);
    String token = signer.sign(new UrlSigner.Grant(titlePrefix, expiresAt, session, network));
    return "/s/" + token + titlePrefix;
  }

  /** Whether an appliance's advertised prefixes contain the client (the directed-cache rule the appliance enforces). */
  public static boolean advertises(java.util.List<String> prefixes, InetAddress client) {
    for (String prefix : prefixes) {
      if (CidrBlock.parse(prefix).contains(client)) {
        return true;
      }
    }
    return false;
  }
}
