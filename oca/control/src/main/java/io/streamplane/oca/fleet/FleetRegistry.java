package io.streamplane.oca.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet as the control plane sees it: registered appliances and their latest health. An appliance that has not
 * reported within {@code heartbeatTimeout} is down, whatever it last said, so steering stops sending sessions to a
 * dead appliance within seconds.
 *
 * <p>Registrations are kept in a {@link RegistrationStore}, so a restarted control plane (or another replica) knows
 * the fleet and accepts heartbeats without a new Register. Liveness is per replica and in memory: an appliance read
 * from the store is down until it beats to this replica.
 */
public final class FleetRegistry {
  private final Clock clock;
  private final Duration heartbeatTimeout;
  private final RegistrationStore store;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public FleetRegistry(Clock clock, Duration heartbeatTimeout) {
    this(clock, heartbeatTimeout, RegistrationStore.NONE);
  }

  public FleetRegistry(Clock clock, Duration heartbeatTimeout, RegistrationStore store) {
    this.clock = clock;
    this.heartbeatTimeout = heartbeatTimeout;
    this.store = store;
    reloadRegistrations();
  }

  /** Adds registrations another replica stored and applies changed ones; liveness stays as this replica saw it. */
  public void reloadRegistrations() {
    for (Appliance appliance : store.loadAll()) {
      entries.compute(appliance.id(), (id, e) -> e == null ? new Entry(appliance, Health.UNKNOWN, Instant.EPOCH)
          : new Entry(appliance, e.health(), e.lastSeen()));
    }
  }

  private record Entry(Appliance appliance, Health health, Instant lastSeen) {}

  /** The state of one appliance at one instant. */
  public record Member(Appliance appliance, Health health, Status status, Instant lastSeen) {}

  public enum Status {
    UP,
    DRAINING,
    DOWN
  }

  /** Registers (or re-registers after a restart) an appliance; registration counts as a heartbeat. */
  public void register(Appliance appliance) {
    store.save(appliance);
    entries.put(appliance.id(), new Entry(appliance, Health.UNKNOWN, clock.instant()));
  }

  /** Records a health report; false when the appliance is unknown here and in the store (it must register first). */
  public boolean heartbeat(String applianceId, Health health) {
    if (!entries.containsKey(applianceId)) {
      store.load(applianceId).ifPresent(a -> entries.putIfAbsent(a.id(), new Entry(a, Health.UNKNOWN, Instant.EPOCH)));
    }
    return entries.computeIfPresent(applianceId, (id, e) -> new Entry(e.appliance(), health, clock.instant())) != null;
  }

  public void remove(String applianceId) {
    entries.remove(applianceId);
  }

  public Optional<Member> member(String applianceId) {
    Entry entry = entries.get(applianceId);
    return entry == null ? Optional.empty() : Optional.of(toMember(entry, clock.instant()));
  }

  /** Every registered appliance, ordered by id. */
  public List<Member> members() {
    Instant now = clock.instant();
    List<Member> members = new ArrayList<>();
    entries.values().forEach(e -> members.add(toMember(e, now)));
    members.sort(Comparator.comparing(m -> m.appliance().id()));
    return members;
  }

  private Member toMember(Entry entry, Instant now) {
    Status status;
    if (entry.lastSeen().plus(heartbeatTimeout).isBefore(now)) {
      status = Status.DOWN;
    } else if (entry.health().draining()) {
      status = Status.DRAINING;
    } else {
      status = Status.UP;
    }
    return new Member(entry.appliance(), entry.health(), status, entry.lastSeen());
  }
}
