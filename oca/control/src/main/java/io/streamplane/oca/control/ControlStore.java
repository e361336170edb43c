package io.streamplane.oca.control;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.oca.control.fill.FillBook;
import io.streamplane.oca.fleet.Appliance;
import io.streamplane.oca.fleet.RegistrationStore;
import io.streamplane.oca.fleet.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The control plane's state in Cassandra: registrations, the last placement, fill progress and fill leases. */
public final class ControlStore implements RegistrationStore, AutoCloseable {
  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  private final CqlSession session;
  private final PreparedStatement saveAppliance;
  private final PreparedStatement loadAppliance;
  private final PreparedStatement savePlacement;
  private final PreparedStatement saveFill;
  private final PreparedStatement deleteFill;
  private final PreparedStatement takeLease;
  private final PreparedStatement renewLease;
  private final PreparedStatement dropLease;

  private ControlStore(CqlSession session) {
    this.session = session;
    saveAppliance = session.prepare("INSERT INTO appliances (id, tier, site, asn, prefixes, capacity_bytes, base_url,"
        + " agent_target, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    loadAppliance = session.prepare("SELECT * FROM appliances WHERE id = ?");
    savePlacement = session.prepare("INSERT INTO placements (appliance_id, titles, planned_at) VALUES (?, ?, ?)");
    saveFill = session.prepare("INSERT INTO title_fills (appliance_id, title_id, state, bytes_done, bytes_total,"
        + " failures, next_attempt_at, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteFill = session.prepare("DELETE FROM title_fills WHERE appliance_id = ? AND title_id = ?");
    takeLease = session.prepare("INSERT INTO fill_leases (appliance_id, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
    renewLease = session.prepare("UPDATE fill_leases USING TTL ? SET owner = ? WHERE appliance_id = ? IF owner = ?");
    dropLease = session.prepare("DELETE FROM fill_leases WHERE appliance_id = ? IF owner = ?");
  }

  /** Connects (retrying while Cassandra starts), creates the keyspace and tables if needed. */
  public static ControlStore open(String contactPoint, String keyspace, Duration connectTimeout) {
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("keyspace must match " + KEYSPACE.pattern());
    }
    String[] hostPort = contactPoint.split(":");
    InetSocketAddress address = new InetSocketAddress(hostPort[0],
        hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 9042);
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
        .build();
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    while (true) {
      try (CqlSession bootstrap = CqlSession.builder().addContactPoint(address).withLocalDatacenter("datacenter1")
          .withConfigLoader(config).build()) {
        bootstrap.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
            + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
        break;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Cassandra at " + contactPoint + " did not answer: " + e.getMessage(), e);
        }
        sleep();
      }
    }
    CqlSession session = CqlSession.builder().addContactPoint(address).withLocalDatacenter("datacenter1")
        .withConfigLoader(config).withKeyspace(keyspace).build();
    for (String statement : schema()) {
      session.execute(statement);
    }
    return new ControlStore(session);
  }

  private static List<String> schema() {
    try (InputStream in = ControlStore.class.getResourceAsStream("/oca-control-schema.cql")) {
      StringBuilder text = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("--")) {
          text.append(line).append('\n');
        }
      }
      List<String> statements = new ArrayList<>();
      for (String statement : text.toString().split(";")) {
        if (!statement.isBlank()) {
          statements.add(statement.trim());
        }
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }

  @Override
  public void save(Appliance a) {
    session.execute(saveAppliance.bind(a.id(), a.tier().name(), a.site(), a.asn(), a.advertisedPrefixes(),
        a.capacityBytes(), a.baseUrl(), a.agentTarget(), Instant.now()));
  }

  @Override
  public Optional<Appliance> load(String applianceId) {
    Row row = session.execute(loadAppliance.bind(applianceId)).one();
    return row == null ? Optional.empty() : Optional.of(appliance(row));
  }

  @Override
  public List<Appliance> loadAll() {
    List<Appliance> all = new ArrayList<>();
    for (Row row : session.execute("SELECT * FROM appliances")) {
      all.add(appliance(row));
    }
    return all;
  }

  private static Appliance appliance(Row row) {
    return new Appliance(row.getString("id"), Tier.valueOf(row.getString("tier")), row.getString("site"),
        row.getInt("asn"), row.getList("prefixes", String.class), row.getLong("capacity_bytes"),
        row.getString("base_url"), row.getString("agent_target"));
  }

  public void savePlacement(String applianceId, List<String> titles, Instant plannedAt) {
    session.execute(savePlacement.bind(applianceId, titles, plannedAt));
  }

  /** Appliance id → titles, most popular first, as last planned. */
  public Map<String, List<String>> loadPlacements() {
    Map<String, List<String>> placements = new LinkedHashMap<>();
    for (Row row : session.execute("SELECT appliance_id, titles FROM placements")) {
      placements.put(row.getString("appliance_id"), row.getList("titles", String.class));
    }
    return placements;
  }

  public void saveFill(FillBook.TitleFill f) {
    session.execute(saveFill.bind(f.applianceId(), f.titleId(), f.state().name(), f.bytesDone(), f.bytesTotal(),
        f.failures(), f.nextAttemptAt(), f.lastError(), f.updatedAt()));
  }

  public void deleteFill(String applianceId, String titleId) {
    session.execute(deleteFill.bind(applianceId, titleId));
  }

  public List<FillBook.TitleFill> loadFills() {
    List<FillBook.TitleFill> fills = new ArrayList<>();
    for (Row row : session.execute("SELECT * FROM title_fills")) {
      fills.add(new FillBook.TitleFill(row.getString("appliance_id"), row.getString("title_id"),
          FillBook.State.valueOf(row.getString("state")), row.getLong("bytes_done"), row.getLong("bytes_total"),
          row.getInt("failures"), row.getInstant("next_attempt_at"), row.getString("last_error"),
          row.getInstant("updated_at")));
    }
    return fills;
  }

  /** Takes (or renews, when already ours) the right to fill an appliance for {@code ttl}. */
  public boolean lease(String applianceId, String owner, Duration ttl) {
    int seconds = (int) Math.max(1, ttl.toSeconds());
    if (session.execute(takeLease.bind(applianceId, owner, seconds)).wasApplied()) {
      return true;
    }
    return session.execute(renewLease.bind(seconds, owner, applianceId, owner)).wasApplied();
  }

  public void release(String applianceId, String owner) {
    session.execute(dropLease.bind(applianceId, owner));
  }

  @Override
  public void close() {
    session.close();
  }
}
