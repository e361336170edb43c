package io.streamplane.identity.history;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.identity.store.Cql;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Viewing history (one row per profile and title: the latest position) and My List, both per profile. */
public final class ViewingStore {
  public static final int MAX_IDS = 200;
  public static final int MAX_LIST = 500;

  private final Cql cql;
  private final PreparedStatement savePosition;
  private final PreparedStatement history;
  private final PreparedStatement positions;
  private final PreparedStatement addToList;
  private final PreparedStatement removeFromList;
  private final PreparedStatement list;
  private final PreparedStatement inList;
  private final PreparedStatement listSize;

  public ViewingStore(Cql cql) {
    this.cql = cql;
    var s = cql.session();
    savePosition = s.prepare("INSERT INTO viewing_history (profile_id, title_id, episode_id, position_ms, duration_ms, "
        + "updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    history = s.prepare("SELECT profile_id, title_id, episode_id, position_ms, duration_ms, updated_at "
        + "FROM viewing_history WHERE profile_id = ?");
    positions = s.prepare("SELECT profile_id, title_id, episode_id, position_ms, duration_ms, updated_at "
        + "FROM viewing_history WHERE profile_id = ? AND title_id IN ?");
    // IF NOT EXISTS: adding a title again keeps its place in the list.
    addToList = s.prepare("INSERT INTO my_list (profile_id, title_id, added_at) VALUES (?, ?, ?) IF NOT EXISTS");
    removeFromList = s.prepare("DELETE FROM my_list WHERE profile_id = ? AND title_id = ? IF EXISTS");
    list = s.prepare("SELECT title_id, added_at FROM my_list WHERE profile_id = ?");
    inList = s.prepare("SELECT title_id FROM my_list WHERE profile_id = ? AND title_id IN ?");
    listSize = s.prepare("SELECT COUNT(*) FROM my_list WHERE profile_id = ?");
  }

  /** Acknowledged only once written at QUORUM (a crash after the answer loses nothing). */
  public ViewingRecord save(ViewingRecord record, Duration timeout) {
    cql.run(savePosition.bind(record.profileId(), record.titleId(), record.episodeId(), record.positionMs(),
        record.durationMs(), record.updatedAt()).setConsistencyLevel(ConsistencyLevel.QUORUM), timeout);
    return record;
  }

  /** Most recently watched first. */
  public List<ViewingRecord> history(UUID profile, int limit) {
    return cql.run(history.bind(profile).setConsistencyLevel(ConsistencyLevel.QUORUM)).all().stream()
        .map(ViewingStore::record)
        .sorted(Comparator.comparing(ViewingRecord::updatedAt).reversed())
        .limit(limit)
        .toList();
  }

  public Map<String, ViewingRecord> positions(UUID profile, Collection<String> titleIds) {
    Map<String, ViewingRecord> found = new HashMap<>();
    for (List<String> chunk : chunks(titleIds)) {
      cql.run(positions.bind(profile, chunk)).forEach(row -> found.put(row.getString(1), record(row)));
    }
    return found;
  }

  public void add(UUID profile, String titleId, Instant now) {
    long size = cql.run(listSize.bind(profile)).one().getLong(0);
    if (size >= MAX_LIST && !contains(profile, List.of(titleId)).contains(titleId)) {
      throw ServiceException.badInput("My List holds at most " + MAX_LIST + " titles");
    }
    cql.run(addToList.bind(profile, titleId, now));
  }

  public void remove(UUID profile, String titleId) {
    // Also a lightweight transaction: LWT and plain writes to one row must not mix (their timestamps differ).
    cql.run(removeFromList.bind(profile, titleId));
  }

  /** Title ids, most recently added first. */
  public List<String> list(UUID profile, int limit) {
    return cql.run(list.bind(profile).setConsistencyLevel(ConsistencyLevel.QUORUM)).all().stream()
        .sorted(Comparator.comparing((Row r) -> r.getInstant(1)).reversed())
        .limit(limit)
        .map(r -> r.getString(0))
        .toList();
  }

  public Set<String> contains(UUID profile, Collection<String> titleIds) {
    Set<String> found = new HashSet<>();
    for (List<String> chunk : chunks(titleIds)) {
      cql.run(inList.bind(profile, chunk)).forEach(row -> found.add(row.getString(0)));
    }
    return found;
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = List.copyOf(new HashSet<>(ids));
    List<List<String>> chunks = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_IDS) {
      chunks.add(all.subList(i, Math.min(all.size(), i + MAX_IDS)));
    }
    return chunks;
  }

  private static ViewingRecord record(Row row) {
    return new ViewingRecord(row.getUuid(0), row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
        row.getInstant(5));
  }
}
