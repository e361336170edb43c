package io.streamplane.encoder.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Codecs strings from the configuration boxes ffmpeg 8.1.2 wrote for a 426x240 VP9 and AV1 encode. */
class CodecStringsTest {

    private static ByteBuffer hex(String text) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(text));
    }

    @Test
    void vp9ProfileLevelAndBitDepthFromVpcC() {
        // vpcC payload after the full box header: profile 0, level 20 (2.0), 8-bit 4:2:0 (colour fields follow)
        assertEquals("vp09.00.20.08", CodecStrings.vp9(hex("0014820202020000"), 0));
        assertEquals("vp09.02.41.10", CodecStrings.vp9(hex("0229a20202020000"), 0));
    }

    @Test
    void av1ProfileLevelTierAndBitDepthFromAv1C() {
        // 0x81 marker/version 1; 0x00: profile 0, seq_level_idx 0; 0x0d: main tier, 8-bit, 4:2:0
        assertEquals("av01.0.00M.08", CodecStrings.av1(hex("81000d000a0b"), 0));
        // profile 0, seq_level_idx 8 (4.0), high tier, 10-bit
        assertEquals("av01.0.08H.10", CodecStrings.av1(hex("8108cc"), 0));
    }
}
