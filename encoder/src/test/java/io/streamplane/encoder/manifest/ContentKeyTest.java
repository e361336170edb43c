package io.streamplane.encoder.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentKeyTest {

    private final ContentKey key = new ContentKey(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
            HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"));

    @Test
    void keyIdFormsAndTheSecretStaysOutOfToString() {
        assertEquals("00112233-4455-6677-8899-aabbccddeeff", key.keyIdUuid());
        assertEquals("ABEiM0RVZneImaq7zN3u/w==", key.keyIdBase64());
        assertFalse(key.toString().contains(key.keyHex()));
        assertNotEquals(ContentKey.random(), ContentKey.random());
        assertThrows(IllegalArgumentException.class, () -> new ContentKey(new byte[8], new byte[16]));
    }

    @Test
    void commonSystemPsshCarriesTheKeyId() {
        ByteBuffer box = ByteBuffer.wrap(PsshBox.commonSystem(key));
        assertEquals(52, box.getInt());
        byte[] type = new byte[4];
        box.get(type);
        assertEquals("pssh", new String(type));
        assertEquals(0x01000000, box.getInt());
        byte[] system = new byte[16];
        box.get(system);
        assertEquals(PsshBox.COMMON_SYSTEM_ID.replace("-", ""), HexFormat.of().formatHex(system));
        assertEquals(1, box.getInt());
        byte[] kid = new byte[16];
        box.get(kid);
        assertArrayEquals(key.keyId(), kid);
        assertEquals(0, box.getInt());
    }

    @Test
    void psshGoesAtTheEndOfMoovAndMoovGrows(@TempDir Path dir) throws Exception {
        // ftyp(16) + moov(8 + mvhd-like child of 12) + trailing box(8)
        ByteBuffer init = ByteBuffer.allocate(16 + 20 + 8);
        init.putInt(16).put("ftyp".getBytes()).put("isom".getBytes()).putInt(0);
        init.putInt(20).put("moov".getBytes()).putInt(12).put("free".getBytes()).putInt(7);
        init.putInt(8).put("skip".getBytes());
        Path file = Files.write(dir.resolve("init.mp4"), init.array());
        PsshBox.insertIntoInit(file, key);
        byte[] out = Files.readAllBytes(file);
        assertEquals(init.capacity() + 52, out.length);
        assertEquals(72, ByteBuffer.wrap(out).getInt(16));
        assertArrayEquals(PsshBox.commonSystem(key), Arrays.copyOfRange(out, 36, 88));
        assertEquals("skip", new String(out, 92, 4));
        Path broken = Files.write(dir.resolve("broken.mp4"), new byte[] {0, 0, 0, 2, 'x', 'x', 'x', 'x'});
        assertTrue(assertThrows(java.io.IOException.class, () -> PsshBox.insertIntoInit(broken, key)).getMessage()
                .contains("not an ISO BMFF"));
    }
}
