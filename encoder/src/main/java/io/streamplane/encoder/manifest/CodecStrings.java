package io.streamplane.encoder.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 6381 codecs strings of VP9 and AV1 tracks, read from the codec configuration box in a CMAF init segment:
 * {@code vpcC} (VP codec ISO binding: {@code vp09.PP.LL.DD}) and {@code av1C} (AV1 ISO binding:
 * {@code av01.P.LLT.DD}). ffprobe does not report VP9 levels, and the muxer has already computed them, so the init
 * segment is the source of truth the player will see.
 */
public final class CodecStrings {

    /** Boxes whose payload is only child boxes, on the way from the file to the sample entry. */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");
    /** A VisualSampleEntry's fixed fields before its child boxes (ISO/IEC 14496-12). */
    private static final int VISUAL_SAMPLE_ENTRY_FIELDS = 78;

    private CodecStrings() {
    }

    /** The codecs string of the first video track of an init segment with a vpcC or av1C box. */
    public static String fromInit(Path init) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(init));
        String codecs = search(file, 0, file.limit());
        if (codecs == null) {
            throw new IllegalArgumentException(init + " has no vpcC or av1C box");
        }
        return codecs;
    }

    private static String search(ByteBuffer b, int from, int to) {
        int at = from;
        while (at + 8 <= to) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(new byte[] {b.get(at + 4), b.get(at + 5), b.get(at + 6), b.get(at + 7)},
                    StandardCharsets.ISO_8859_1);
            if (size < 8 || at + size > to) {
                return null;
            }
            int end = (int) (at + size);
            String found = null;
            if (CONTAINERS.contains(type)) {
                found = search(b, at + 8, end);
            } else if (type.equals("stsd")) {
                found = search(b, at + 16, end); // full box header + entry count
            } else if (Set.of("encv", "vp09", "av01").contains(type)) {
                found = search(b, at + 8 + VISUAL_SAMPLE_ENTRY_FIELDS, end);
            } else if (type.equals("vpcC")) {
                found = vp9(b, at + 12); // after the full box header
            } else if (type.equals("av1C")) {
                found = av1(b, at + 8);
            }
            if (found != null) {
                return found;
            }
            at = end;
        }
        return null;
    }

    /** vpcC v1: profile, level (10 x the level number), bitDepth in the top 4 bits of the next byte. */
    static String vp9(ByteBuffer b, int at) {
        int profile = b.get(at) & 0xff;
        int level = b.get(at + 1) & 0xff;
        int bitDepth = (b.get(at + 2) & 0xff) >> 4;
        return String.format(Locale.ROOT, "vp09.%02d.%02d.%02d", profile, level, bitDepth);
    }

    /**
     * av1C: marker/version, then seq_profile (3 bits) + seq_level_idx_0 (5 bits), then seq_tier_0, high_bitdepth,
     * twelve_bit in the top bits of the next byte.
     */
    static String av1(ByteBuffer b, int at) {
        int second = b.get(at + 1) & 0xff;
        int third = b.get(at + 2) & 0xff;
        int profile = second >> 5;
        int level = second & 0x1f;
        boolean highTier = (third & 0x80) != 0;
        boolean highBitDepth = (third & 0x40) != 0;
        boolean twelveBit = (third & 0x20) != 0;
        int bitDepth = highBitDepth ? (twelveBit ? 12 : 10) : 8;
        return String.format(Locale.ROOT, "av01.%d.%02d%s.%02d", profile, level, highTier ? "H" : "M", bitDepth);
    }
}
