package io.streamplane.encoder.vmaf;

import java.util.Locale;

/** Raw planar YUV 4:2:0 layouts the scorer reads (ffmpeg's pix_fmt names). */
public enum PixelFormat {
    YUV420P("yuv420p", 8),
    YUV420P10LE("yuv420p10le", 10);

    private final String ffmpegName;
    private final int bitDepth;

    PixelFormat(String ffmpegName, int bitDepth) {
        this.ffmpegName = ffmpegName;
        this.bitDepth = bitDepth;
    }

    public String ffmpegName() {
        return ffmpegName;
    }

    public int bitDepth() {
        return bitDepth;
    }

    public int bytesPerSample() {
        return bitDepth > 8 ? 2 : 1;
    }

    /** Bytes of one frame: full-size luma plus two chroma planes of ceil(w/2) x ceil(h/2). */
    public long frameBytes(int width, int height) {
        long chroma = (long) ((width + 1) / 2) * ((height + 1) / 2);
        return ((long) width * height + 2 * chroma) * bytesPerSample();
    }

    public static PixelFormat fromName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (PixelFormat f : values()) {
            if (f.ffmpegName.equals(wanted)) {
                return f;
            }
        }
        throw new VmafInputException("VMAF_PIXEL_FORMAT_UNSUPPORTED", "pixel format '" + name
                + "' is not supported; use yuv420p or yuv420p10le");
    }
}
