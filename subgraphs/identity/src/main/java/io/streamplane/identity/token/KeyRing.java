package io.streamplane.identity.token;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.streamplane.identity.store.Cql;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT signing keys (ES256, P-256), shared by every replica through Cassandra: which key is current is one row
 * changed only by compare-and-set, so replicas that rotate at the same moment agree on a single winner. The JWKS
 * publishes the current and the previous key, so tokens signed just before a rotation keep verifying.
 *
 * <p>Private keys are stored in the keyspace as JWKs; a production deployment would wrap them with a KMS key.
 */
public final class KeyRing {
  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
  private static final String RING = "jwt";

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement insertKey;
  private final PreparedStatement readKey;
  private final PreparedStatement readRing;
  private final PreparedStatement createRing;
  private final PreparedStatement rotateRing;
  private volatile Keys keys;
  private volatile long lastReloadNanos = System.nanoTime();

  /** The keys as last read from the store. {@code previous} may be null (before the first rotation). */
  public record Keys(ECKey current, ECKey previous, Instant rotatedAt) {
    public List<ECKey> all() {
      List<ECKey> all = new ArrayList<>();
      all.add(current);
      if (previous != null) {
        all.add(previous);
      }
      return all;
    }

    /** The public JWK set (current first). */
    public JWKSet publicSet() {
      return new JWKSet(all().stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
    }

    public ECKey find(String kid) {
      return all().stream().filter(k -> k.getKeyID().equals(kid)).findFirst().orElse(null);
    }
  }

  public KeyRing(Cql cql, Clock clock) {
    this.cql = cql;
    this.clock = clock;
    var s = cql.session();
    insertKey = s.prepare("INSERT INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)");
    readKey = s.prepare("SELECT private_jwk FROM signing_keys WHERE kid = ?");
    readRing = s.prepare("SELECT current_kid, previous_kid, rotated_at FROM key_ring WHERE name = ?");
    createRing = s.prepare("INSERT INTO key_ring (name, current_kid, rotated_at) VALUES (?, ?, ?) IF NOT EXISTS");
    rotateRing = s.prepare("UPDATE key_ring SET current_kid = ?, previous_kid = ?, rotated_at = ? WHERE name = ? "
        + "IF current_kid = ?");
  }

  /** Creates the first key unless another replica did, then loads the ring. */
  public KeyRing start() {
    if (readRingRow() == null) {
      ECKey key = storeNewKey();
      cql.run(createRing.bind(RING, key.getKeyID(), clock.instant()));
    }
    reload();
    return this;
  }

  public Keys keys() {
    return keys;
  }

  /**
   * Reloads for a token signed by a key this replica does not know (another replica rotated), at most once a second:
   * tokens with made-up key ids must not turn into a Paxos read each.
   */
  public void reloadForUnknownKey() {
    if (System.nanoTime() - lastReloadNanos > 1_000_000_000L) {
      reload();
    }
  }

  /** Re-reads which keys are current (another replica may have rotated). */
  public void reload() {
    lastReloadNanos = System.nanoTime();
    Row row = readRingRow();
    if (row == null) {
      throw new IllegalStateException("the key ring has not been created");
    }
    Keys known = keys;
    ECKey current = load(row.getString(0), known);
    String previousKid = row.getString(1);
    ECKey previous = previousKid == null ? null : load(previousKid, known);
    keys = new Keys(current, previous, row.getInstant(2));
  }

  /**
   * Makes a new key current and the current one previous, unless another replica rotated since {@code expectedKid}
   * was current; either way the ring is reloaded. Returns true when this call rotated.
   */
  public boolean rotate(String expectedKid) {
    ECKey key = storeNewKey();
    boolean applied = cql.run(rotateRing.bind(key.getKeyID(), expectedKid, clock.instant(), RING, expectedKid))
        .wasApplied();
    reload();
    if (applied) {
      log.info("signing key rotated: {} is current, {} previous", key.getKeyID(), expectedKid);
    }
    return applied;
  }

  /** Rotates when the current key is older than {@code period}; called on a schedule by every replica. */
  public void rotateIfOlderThan(Duration period) {
    reload();
    Keys now = keys;
    if (now.rotatedAt().plus(period).isBefore(clock.instant())) {
      rotate(now.current().getKeyID());
    }
  }

  private Row readRingRow() {
    return cql.run(readRing.bind(RING).setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
  }

  private ECKey load(String kid, Keys known) {
    ECKey cached = known == null ? null : known.find(kid);
    if (cached != null) {
      return cached;
    }
    Row row = cql.run(readKey.bind(kid).setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
    if (row == null) {
      throw new IllegalStateException("signing key " + kid + " is missing from the store");
    }
    try {
      return ECKey.parse(row.getString(0));
    } catch (ParseException e) {
      throw new IllegalStateException("signing key " + kid + " is unreadable", e);
    }
  }

  private ECKey storeNewKey() {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
          .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256).keyID(UUID.randomUUID().toString()).generate();
      cql.run(insertKey.bind(key.getKeyID(), key.toJSONString(), clock.instant())
          .setConsistencyLevel(ConsistencyLevel.QUORUM));
      return key;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }
}
