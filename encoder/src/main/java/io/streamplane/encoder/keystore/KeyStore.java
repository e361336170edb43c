package io.streamplane.encoder.keystore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.streamplane.encoder.manifest.ContentKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * CENC content keys per title in the {@code keystore} keyspace. A key is written here before any worker encrypts with
 * it, so every published segment can be decrypted by the licence service.
 */
public final class KeyStore {

    /** A stored key with its creation time. */
    public record StoredKey(String titleId, ContentKey key, Instant createdAt) {
    }

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement byTitle;
    private final PreparedStatement byId;

    public KeyStore(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO title_keys (title_id, key_id, key, created_at) VALUES (?, ?, ?, ?)");
        this.byTitle = session.prepare("SELECT key_id, key, created_at FROM title_keys WHERE title_id = ?");
        this.byId = session.prepare("SELECT key_id, key, created_at FROM title_keys WHERE title_id = ? AND key_id = ?");
    }

    /** A new random key for the title, stored. */
    public ContentKey create(String titleId) {
        ContentKey key = ContentKey.random();
        session.execute(insert.bind(titleId, key.keyIdHex(), ByteBuffer.wrap(key.key()), Instant.now()));
        return key;
    }

    public Optional<StoredKey> get(String titleId, String keyIdHex) {
        Row row = session.execute(byId.bind(titleId, keyIdHex.toLowerCase(java.util.Locale.ROOT))).one();
        return Optional.ofNullable(row).map(r -> stored(titleId, r));
    }

    public List<StoredKey> all(String titleId) {
        List<StoredKey> keys = new ArrayList<>();
        for (Row row : session.execute(byTitle.bind(titleId))) {
            keys.add(stored(titleId, row));
        }
        return keys;
    }

    private static StoredKey stored(String titleId, Row row) {
        ByteBuffer buffer = row.getByteBuffer("key");
        byte[] key = new byte[buffer.remaining()];
        buffer.get(key);
        return new StoredKey(titleId, new ContentKey(HexFormat.of().parseHex(row.getString("key_id")), key),
                row.getInstant("created_at"));
    }
}
