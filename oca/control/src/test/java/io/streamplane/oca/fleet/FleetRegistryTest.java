package io.streamplane.oca.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

public class FleetRegistryTest {
  /** A clock the test moves by hand. */
  public static final class ManualClock extends Clock {
    public Instant now = Instant.parse("2026-11-26T03:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static Appliance appliance(String id, Tier tier) {
    return new Appliance(id, tier, "site-" + id, 64500, List.of("10.1.0.0/16"), 1_000_000, "http://127.0.0.1:1",
        "127.0.0.1:2");
  }

  @Test
  void anApplianceThatStopsReportingIsDownWithinTheTimeout() {
    ManualClock clock = new ManualClock();
    FleetRegistry fleet = new FleetRegistry(clock, Duration.ofSeconds(3));
    fleet.register(appliance("isp-a", Tier.FLASH));
    fleet.register(appliance("ix-1", Tier.STORAGE));
    assertEquals(FleetRegistry.Status.UP, fleet.member("isp-a").orElseThrow().status());

    clock.now = clock.now.plusSeconds(2);
    assertTrue(fleet.heartbeat("ix-1", new Health(0.2, 10, 0, false)));
    clock.now = clock.now.plusSeconds(2);  // isp-a silent for 4 s, ix-1 for 2 s
    assertEquals(FleetRegistry.Status.DOWN, fleet.member("isp-a").orElseThrow().status());
    assertEquals(FleetRegistry.Status.UP, fleet.member("ix-1").orElseThrow().status());

    assertTrue(fleet.heartbeat("isp-a", new Health(0.1, 10, 0, false)));  // back
    assertEquals(FleetRegistry.Status.UP, fleet.member("isp-a").orElseThrow().status());
    assertTrue(fleet.heartbeat("isp-a", new Health(0.1, 10, 0, true)));
    assertEquals(FleetRegistry.Status.DRAINING, fleet.member("isp-a").orElseThrow().status());
    assertFalse(fleet.heartbeat("unknown", Health.UNKNOWN));
    assertEquals(List.of("isp-a", "ix-1"), fleet.members().stream().map(m -> m.appliance().id()).toList());
  }

  @Test
  void registrationIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> appliance("Bad Id!", Tier.FLASH));
    assertThrows(IllegalArgumentException.class, () -> new Appliance("a", Tier.FLASH, "s", 1, List.of(), 0, "u", "t"));
  }
}
