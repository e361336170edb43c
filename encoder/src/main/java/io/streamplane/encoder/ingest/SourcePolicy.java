package io.streamplane.encoder.ingest;

import java.util.Set;

/** What the farm accepts as a source master; everything else is rejected before any compute is spent on it. */
public final class SourcePolicy {

    public static final int MIN_WIDTH = 64;
    public static final int MIN_HEIGHT = 64;
    /** 8K UHD: anything larger is a broken header or not a video master. */
    public static final int MAX_WIDTH = 7680;
    public static final int MAX_HEIGHT = 4320;
    public static final double MIN_FRAME_RATE = 10;
    public static final double MAX_FRAME_RATE = 120;
    /** Planar or packed formats the scaler converts to the 4:2:0 8/10-bit encodes without surprises. */
    public static final Set<String> PIXEL_FORMATS = Set.of("yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p",
            "yuvj444p", "yuv420p10le", "yuv422p10le", "yuv444p10le", "nv12", "p010le", "rgb24", "bgr24", "gbrp");

    private SourcePolicy() {
    }

    public static void check(SourceInfo info) {
        if (!info.hasVideo()) {
            throw new IngestException("INGEST_NO_VIDEO", info.hasAudio()
                    ? "the source is audio-only (" + info.audioCodec() + "); a video stream is required"
                    : "the source has no video stream");
        }
        if (info.width() < MIN_WIDTH || info.height() < MIN_HEIGHT) {
            throw new IngestException("INGEST_RESOLUTION", "resolution " + info.width() + "x" + info.height()
                    + " is below the minimum " + MIN_WIDTH + "x" + MIN_HEIGHT);
        }
        if (info.width() > MAX_WIDTH || info.height() > MAX_HEIGHT) {
            throw new IngestException("INGEST_RESOLUTION", "resolution " + info.width() + "x" + info.height()
                    + " exceeds the maximum " + MAX_WIDTH + "x" + MAX_HEIGHT);
        }
        if (!(info.frameRate() >= MIN_FRAME_RATE && info.frameRate() <= MAX_FRAME_RATE)) {
            throw new IngestException("INGEST_FRAME_RATE", "frame rate " + info.frameRate() + " fps is outside "
                    + MIN_FRAME_RATE + ".." + MAX_FRAME_RATE + " fps");
        }
        if (!PIXEL_FORMATS.contains(info.pixelFormat())) {
            throw new IngestException("INGEST_PIXEL_FORMAT", "pixel format '" + info.pixelFormat()
                    + "' is not supported; accepted: " + String.join(", ", PIXEL_FORMATS.stream().sorted().toList()));
        }
        if (!(info.durationSeconds() > 0)) {
            throw new IngestException("INGEST_EMPTY", "the video stream has no duration");
        }
    }
}
