package io.streamplane.oca.steering;

import java.net.InetAddress;
import java.time.Instant;

/** Signs the URL prefix a session may fetch under; appliances verify the same token format. */
@FunctionalInterface
public interface UrlTokens {
  /** The signed path to put between an appliance's base URL and the asset path, ending in '/'. */
  String signedPathPrefix(String titleId, String session, InetAddress client, Instant expiresAt);
}
