package io.streamplane.registry.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.streamplane.platform.errors.ServiceException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The registry's keyspace: supergraph versions (the live one is the newest), failed publishes, checks, usage. */
public final class RegistryStore {
  private final CqlSession session;
  private final PreparedStatement selectLive;
  private final PreparedStatement selectVersion;
  private final PreparedStatement selectHistory;
  private final PreparedStatement insertVersion;
  private final PreparedStatement insertAttempt;
  private final PreparedStatement selectAttempts;
  private final PreparedStatement insertCheck;
  private final PreparedStatement selectChecks;
  private final PreparedStatement addUsage;
  private final PreparedStatement selectUsage;
  private final PreparedStatement addSampledUsage;
  private final PreparedStatement selectSampledUsage;

  public RegistryStore(CqlSession session) {
    this.session = session;
    String columns = "version, supergraph_sdl, subgraph_sdls, routing_urls, revisions, origin, created_at";
    selectLive = session.prepare("SELECT " + columns + " FROM supergraph_versions WHERE graph = ? LIMIT 1");
    selectVersion = session.prepare("SELECT " + columns + " FROM supergraph_versions WHERE graph = ? AND version = ?");
    selectHistory = session.prepare("SELECT " + columns + " FROM supergraph_versions WHERE graph = ? LIMIT ?");
    insertVersion = session.prepare("INSERT INTO supergraph_versions (graph, " + columns
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    insertAttempt = session.prepare(
        "INSERT INTO publish_attempts (graph, attempted_at, subgraph, revision, errors) VALUES (?, ?, ?, ?, ?)");
    selectAttempts = session.prepare(
        "SELECT attempted_at, subgraph, revision, errors FROM publish_attempts WHERE graph = ? LIMIT ?");
    insertCheck = session.prepare(
        "INSERT INTO checks (graph, checked_at, subgraph, verdict, result) VALUES (?, ?, ?, ?, ?)");
    selectChecks = session.prepare("SELECT checked_at, subgraph, verdict, result FROM checks WHERE graph = ? LIMIT ?");
    addUsage = session.prepare("UPDATE field_usage SET count = count + ? WHERE graph = ? AND coordinate = ?"
        + " AND day = ? AND operation_hash = ? AND operation_name = ?");
    selectUsage = session.prepare("SELECT day, operation_hash, operation_name, count FROM field_usage"
        + " WHERE graph = ? AND coordinate = ? AND day >= ?");
    addSampledUsage = session.prepare("UPDATE field_usage_sampled SET count = count + ? WHERE graph = ?"
        + " AND coordinate = ? AND day = ? AND operation_hash = ? AND operation_name = ?");
    selectSampledUsage = session.prepare("SELECT day, operation_hash, operation_name, count FROM field_usage_sampled"
        + " WHERE graph = ? AND coordinate = ? AND day >= ?");
  }

  /** The live supergraph, read with a serial read so an in-flight publish is either seen whole or not at all. */
  public Optional<SupergraphVersion> live(String graph) {
    Row row = execute(selectLive.bind(graph).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one();
    return Optional.ofNullable(row).map(RegistryStore::toVersion);
  }

  public Optional<SupergraphVersion> version(String graph, int version) {
    return Optional.ofNullable(execute(selectVersion.bind(graph, version)).one()).map(RegistryStore::toVersion);
  }

  public List<SupergraphVersion> history(String graph, int limit) {
    List<SupergraphVersion> versions = new ArrayList<>();
    execute(selectHistory.bind(graph, limit)).forEach(row -> versions.add(toVersion(row)));
    return versions;
  }

  /** Inserts a new version; false when another publish took that version number first. */
  public boolean insertIfAbsent(String graph, SupergraphVersion v) {
    return execute(insertVersion.bind(graph, v.version(), v.supergraphSdl(), v.subgraphSdls(), v.routingUrls(),
        v.revisions(), v.origin(), v.createdAt())).wasApplied();
  }

  public void recordFailedPublish(String graph, String subgraph, String revision, String errorsJson) {
    execute(insertAttempt.bind(graph, Uuids.timeBased(), subgraph, revision, errorsJson));
  }

  public record Attempt(Instant at, String subgraph, String revision, String errorsJson) {}

  public List<Attempt> failedPublishes(String graph, int limit) {
    List<Attempt> attempts = new ArrayList<>();
    execute(selectAttempts.bind(graph, limit)).forEach(row -> attempts.add(new Attempt(
        Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid(0))), row.getString(1), row.getString(2),
        row.getString(3))));
    return attempts;
  }

  public void recordCheck(String graph, String subgraph, String verdict, String resultJson) {
    execute(insertCheck.bind(graph, Uuids.timeBased(), subgraph, verdict, resultJson));
  }

  public record CheckRecord(Instant at, String subgraph, String verdict, String resultJson) {}

  public List<CheckRecord> checks(String graph, int limit) {
    List<CheckRecord> checks = new ArrayList<>();
    execute(selectChecks.bind(graph, limit)).forEach(row -> checks.add(new CheckRecord(
        Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid(0))), row.getString(1), row.getString(2),
        row.getString(3))));
    return checks;
  }

  /**
   * One operation's use of one field.
   *
   * @param estimated how much of {@code count} was scaled up from sampled reports (0: every execution was counted)
   */
  public record FieldUse(String coordinate, String operationHash, String operationName, long count, long estimated) {}

  /** Adds uses for a day; {@code sampled}: the counts are estimates scaled up from a sample of the traffic. */
  public void addUsage(String graph, LocalDate day, List<FieldUse> uses, boolean sampled) {
    BatchStatementBuilder batch = BatchStatement.builder(BatchType.COUNTER);
    for (FieldUse use : uses) {
      batch.addStatement(addUsage.bind(use.count(), graph, use.coordinate(), day, use.operationHash(),
          use.operationName()));
      if (sampled) {
        batch.addStatement(addSampledUsage.bind(use.count(), graph, use.coordinate(), day, use.operationHash(),
            use.operationName()));
      }
    }
    execute(batch.build());
  }

  /** Uses of a field since {@code since} (inclusive), summed per operation. */
  public List<FieldUse> usageSince(String graph, String coordinate, LocalDate since) {
    java.util.Map<String, Long> estimated = new java.util.HashMap<>();
    for (Row row : execute(selectSampledUsage.bind(graph, coordinate, since))) {
      estimated.merge(row.getString(1), row.getLong(3), Long::sum);
    }
    java.util.Map<String, FieldUse> byOperation = new java.util.LinkedHashMap<>();
    for (Row row : execute(selectUsage.bind(graph, coordinate, since))) {
      String hash = row.getString(1);
      FieldUse previous = byOperation.get(hash);
      long total = row.getLong(3) + (previous == null ? 0 : previous.count());
      byOperation.put(hash, new FieldUse(coordinate, hash, row.getString(2), total, estimated.getOrDefault(hash, 0L)));
    }
    return List.copyOf(byOperation.values());
  }

  public static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  private static SupergraphVersion toVersion(Row row) {
    return new SupergraphVersion(row.getInt("version"), row.getString("supergraph_sdl"),
        row.getMap("subgraph_sdls", String.class, String.class), row.getMap("routing_urls", String.class, String.class),
        row.getMap("revisions", String.class, String.class), row.getString("origin"), row.getInstant("created_at"));
  }

  private ResultSet execute(Statement<?> statement) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      throw ServiceException.unavailable("the registry store is unavailable, try again shortly", e);
    }
  }
}
