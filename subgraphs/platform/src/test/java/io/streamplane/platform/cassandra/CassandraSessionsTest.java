package io.streamplane.platform.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.streamplane.platform.testing.TestStores;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraSessionsTest {
  @Test
  void splitsSchemaFilesIntoStatements() {
    List<String> statements = CassandraSessions.statements("cql/platform-test.cql");
    assertEquals(2, statements.size());
    assertTrue(statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS things"));
    assertFalse(statements.get(1).contains("--"));
  }

  @Test
  void opensCreatesTheKeyspaceAndAppliesTheSchemaTwice() {
    CassandraConfig config = CassandraConfig.local(TestStores.cassandra(), TestStores.keyspace("platform"));
    for (int round = 0; round < 2; round++) {  // idempotent: a restarted service applies it again
      try (CqlSession session = CassandraSessions.open(config, "cql/platform-test.cql")) {
        session.execute("INSERT INTO things (id, name) VALUES (?, ?)", "a", "round " + round);
        assertEquals("round " + round,
            session.execute("SELECT name FROM things WHERE id = 'a'").one().getString(0));
        assertTrue(session.execute("INSERT INTO claims (id, owner) VALUES ('x', ?) IF NOT EXISTS", "r" + round)
            .wasApplied() == (round == 0));
      }
    }
  }

  @Test
  void rejectsKeyspaceNamesThatCouldInjectCql() {
    assertThrows(IllegalArgumentException.class, () -> CassandraConfig.local("127.0.0.1:1", "x; DROP"));
  }
}
