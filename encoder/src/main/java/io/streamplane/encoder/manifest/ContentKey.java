package io.streamplane.encoder.manifest;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A title's CENC content key: 16-byte key id (public, in manifests and init segments) and 16-byte AES key (secret,
 * only in the key store and the ClearKey licence).
 */
public record ContentKey(byte[] keyId, byte[] key) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ContentKey {
        if (keyId.length != 16 || key.length != 16) {
            throw new IllegalArgumentException("key id and key must be 16 bytes each");
        }
        keyId = keyId.clone();
        key = key.clone();
    }

    public static ContentKey random() {
        byte[] kid = new byte[16];
        byte[] key = new byte[16];
        RANDOM.nextBytes(kid);
        RANDOM.nextBytes(key);
        return new ContentKey(kid, key);
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    public String keyHex() {
        return HexFormat.of().formatHex(key);
    }

    /** Key id as a UUID string (8-4-4-4-12), as DASH's {@code cenc:default_KID} wants it. */
    public String keyIdUuid() {
        String h = keyIdHex();
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    public String keyIdBase64() {
        return Base64.getEncoder().encodeToString(keyId);
    }

    @Override
    public String toString() {
        return "ContentKey[kid=" + keyIdHex() + "]";   // never print the key
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey other && java.util.Arrays.equals(keyId, other.keyId)
                && java.util.Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(keyId);
    }
}
