package io.streamplane.identity.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (RFC 9106), encoded in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} so parameters can be raised later without breaking
 * stored hashes. Defaults follow OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte hash.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private final SecureRandom random = new SecureRandom();
  private final int memoryKib;
  private final int passes;
  private final int lanes;
  /**
   * Each derivation holds {@code memoryKib} of heap and a core for tens of milliseconds: at most one per core runs at
   * once, so a burst of sign-ins queues instead of exhausting the heap.
   */
  private final Semaphore slots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
  /** Verified against when the account does not exist, so unknown emails take as long as wrong passwords. */
  private final String decoy;

  public Passwords(int memoryKib, int passes, int lanes) {
    this.memoryKib = memoryKib;
    this.passes = passes;
    this.lanes = lanes;
    this.decoy = hash("decoy-password-never-matches");
  }

  public static Passwords owaspDefaults() {
    return new Passwords(19 * 1024, 2, 1);
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, passes, lanes, 32);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + lanes + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  /** Constant-time comparison of the derived hash; a malformed stored hash never matches. */
  public boolean verify(String password, String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String param : parts[3].split(",")) {
      String[] kv = param.split("=", 2);
      int value = Integer.parseInt(kv[1]);
      switch (kv[0]) {
        case "m" -> m = value;
        case "t" -> t = value;
        case "p" -> p = value;
        default -> {
          return false;
        }
      }
    }
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, B64D.decode(parts[4]), m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Spends the same work as a real verification; used when there is no account to check. */
  public void verifyDecoy(String password) {
    verify(password, decoy);
  }

  /** Length and content rules for a new password (length counted in code points). */
  public static void validateNew(String password) {
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw io.streamplane.platform.errors.ServiceException.badInput(
          "a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
    }
  }

  private byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    slots.acquireUninterruptibly();
    try {
      return argon2id(password, salt, m, t, p, length);
    } finally {
      slots.release();
    }
  }

  private static byte[] argon2id(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
