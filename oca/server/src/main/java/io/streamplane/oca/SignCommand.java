package io.streamplane.oca;

import io.streamplane.oca.access.CidrBlock;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code sign --signing-keys kid=base64 --path-prefix /titles/T/ --client-prefix CIDR --session S --valid-seconds N}:
 * prints a URL token, for operators and the benchmark script (steering signs in the control plane).
 */
final class SignCommand {

  private SignCommand() {
  }

  static String run(String... args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0 || !flags.containsKey("--signing-keys") || !flags.containsKey("--path-prefix")
        || !flags.containsKey("--client-prefix")) {
      throw new IllegalArgumentException("sign needs --signing-keys, --path-prefix and --client-prefix "
          + "(optional --session, --valid-seconds)");
    }
    String seconds = flags.getOrDefault("--valid-seconds", "3600");
    if (!seconds.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("--valid-seconds must be a number");
    }
    UrlSigner signer = new UrlSigner(SigningKeys.parse(flags.get("--signing-keys")), Clock.systemUTC());
    return signer.sign(new UrlSigner.Grant(flags.get("--path-prefix"),
        Instant.now().plusSeconds(Long.parseLong(seconds)), flags.getOrDefault("--session", "cli"),
        CidrBlock.parse(flags.get("--client-prefix"))));
  }
}
