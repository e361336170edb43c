package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ApplianceConfigTest {

  private static final String[] MINIMAL = {"--store", "/srv/oca", "--http-port", "8201", "--grpc-port", "9201",
      "--prefixes", "10.1.0.0/16,2001:db8::/32", "--signing-keys", TestAppliance.KEYS};

  @Test
  void parsesTheFlags() throws Exception {
    ApplianceConfig config = ApplianceConfig.parse(MINIMAL);
    assertEquals(Path.of("/srv/oca"), config.store());
    assertEquals(8201, config.httpPort());
    assertEquals(9201, config.grpcPort());
    assertTrue(config.prefixes().contains(InetAddress.getByName("10.1.2.3")));
    assertEquals("k1", config.signingKeys().activeKeyId());
    assertTrue(config.tls().isEmpty());
    assertEquals(256L * 1024 * 1024, config.ramTierBytes());
    assertEquals(io.streamplane.oca.serve.ServerLimits.defaults(), config.limits());
  }

  @Test
  void limitsCanBeTuned() {
    String[] args = java.util.Arrays.copyOf(MINIMAL, MINIMAL.length + 6);
    System.arraycopy(new String[] {"--max-connections", "50", "--request-head-timeout-s", "2", "--idle-timeout-s",
        "30"}, 0, args, MINIMAL.length, 6);
    ApplianceConfig config = ApplianceConfig.parse(args);
    assertEquals(50, config.limits().maxConnections());
    assertEquals(java.time.Duration.ofSeconds(2), config.limits().requestParseTimeout());
    assertEquals(java.time.Duration.ofSeconds(30), config.limits().idleTimeout());
  }

  @Test
  void explainsBadFlags() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApplianceConfig.parse("--store", "x"))
        .getMessage().contains("is required"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApplianceConfig.parse("--bogus", "1"))
        .getMessage().contains("unknown flag"));
    String[] badPort = MINIMAL.clone();
    badPort[3] = "http";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApplianceConfig.parse(badPort))
        .getMessage().contains("--http-port"));
    String[] onlyCert = java.util.Arrays.copyOf(MINIMAL, MINIMAL.length + 2);
    onlyCert[MINIMAL.length] = "--tls-cert";
    onlyCert[MINIMAL.length + 1] = "c.pem";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ApplianceConfig.parse(onlyCert))
        .getMessage().contains("go together"));
  }
}
