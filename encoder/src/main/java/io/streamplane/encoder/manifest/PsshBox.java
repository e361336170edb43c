package io.streamplane.encoder.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The W3C "common" protection system header ({@code pssh} version 1, system id 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b,
 * ISO/IEC 23001-7) carrying the key id, as browsers' ClearKey needs it in the init segment; ffmpeg does not write it.
 */
public final class PsshBox {

    public static final String COMMON_SYSTEM_ID = "1077efec-c0b2-4d02-ace3-3c1e52e2fb4b";
    private static final byte[] SYSTEM_ID = HexFormat.of().parseHex(COMMON_SYSTEM_ID.replace("-", ""));

    private PsshBox() {
    }

    /** size, 'pssh', version 1 + flags, system id, KID count 1, KID, empty data: 52 bytes. */
    public static byte[] commonSystem(ContentKey key) {
        ByteBuffer box = ByteBuffer.allocate(52);
        box.putInt(52).put("pssh".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0x01000000);
        box.put(SYSTEM_ID).putInt(1).put(key.keyId()).putInt(0);
        return box.array();
    }

    public static String commonSystemBase64(ContentKey key) {
        return Base64.getEncoder().encodeToString(commonSystem(key));
    }

    /** Appends the box to the {@code moov} of an init segment in place (the moov size grows by 52 bytes). */
    public static void insertIntoInit(Path init, ContentKey key) throws IOException {
        byte[] file = Files.readAllBytes(init);
        ByteBuffer in = ByteBuffer.wrap(file);
        int offset = 0;
        while (offset + 8 <= file.length) {
            long size = Integer.toUnsignedLong(in.getInt(offset));
            String type = new String(file, offset + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (size < 8 || offset + size > file.length) {
                throw new IOException(init + " is not an ISO BMFF init segment (box '" + type + "' of size " + size
                        + " at " + offset + ")");
            }
            if (type.equals("moov")) {
                byte[] pssh = commonSystem(key);
                int end = (int) (offset + size);
                ByteBuffer out = ByteBuffer.allocate(file.length + pssh.length);
                out.put(file, 0, end).put(pssh).put(file, end, file.length - end);
                out.putInt(offset, (int) size + pssh.length);
                Files.write(init, out.array());
                return;
            }
            offset += (int) size;
        }
        throw new IOException(init + " has no moov box");
    }
}
