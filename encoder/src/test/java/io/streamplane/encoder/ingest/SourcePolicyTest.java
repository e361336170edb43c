package io.streamplane.encoder.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SourcePolicyTest {

    private static SourceInfo video(int width, int height, String pixelFormat, double fps, double seconds) {
        return new SourceInfo("mov,mp4", 1000, "00", seconds, "h264", width, height, pixelFormat, fps, "aac", 2, 48000);
    }

    @Test
    void acceptsAnOrdinaryMaster() {
        assertDoesNotThrow(() -> SourcePolicy.check(video(1920, 1080, "yuv420p", 23.976, 600)));
        assertDoesNotThrow(() -> SourcePolicy.check(video(3840, 2160, "yuv420p10le", 60, 10)));
    }

    @Test
    void rejectsWhatTheFarmCannotUseWithStableCodes() {
        assertEquals("INGEST_RESOLUTION", code(video(16000, 9000, "yuv420p", 24, 10)));
        assertEquals("INGEST_RESOLUTION", code(video(32, 32, "yuv420p", 24, 10)));
        assertEquals("INGEST_FRAME_RATE", code(video(1280, 720, "yuv420p", 240, 10)));
        assertEquals("INGEST_FRAME_RATE", code(video(1280, 720, "yuv420p", 0, 10)));
        assertEquals("INGEST_PIXEL_FORMAT", code(video(1280, 720, "pal8", 24, 10)));
        assertEquals("INGEST_EMPTY", code(video(1280, 720, "yuv420p", 24, 0)));
        SourceInfo audioOnly = new SourceInfo("mp3", 1000, "00", 60, null, 0, 0, null, 0, "mp3", 2, 44100);
        assertEquals("INGEST_NO_VIDEO", code(audioOnly));
    }

    private static String code(SourceInfo info) {
        return assertThrows(IngestException.class, () -> SourcePolicy.check(info)).code();
    }
}
