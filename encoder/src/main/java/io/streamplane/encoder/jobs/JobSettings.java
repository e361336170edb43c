package io.streamplane.encoder.jobs;

import io.streamplane.encoder.encode.VideoCodec;
import java.util.List;

/**
 * How a job encodes: candidate heights and CRFs, ladder size, chunk and segment lengths, encryption, and the codecs
 * of the published rungs (wire names; "h264" always first, "vp9" / "av1" add renditions of every rung).
 */
public record JobSettings(List<Integer> heights, List<Integer> crfs, int rungs, double minChunkSeconds,
                          double maxChunkSeconds, double segmentSeconds, boolean encrypt, List<String> codecs) {

    public static final List<Integer> DEFAULT_HEIGHTS = List.of(240, 360, 540, 720, 1080);
    public static final List<Integer> DEFAULT_CRFS = List.of(22, 28, 34);

    public JobSettings {
        heights = List.copyOf(heights);
        crfs = List.copyOf(crfs);
        // Jobs stored before codecs existed have none: H.264 only.
        codecs = VideoCodec.parse(codecs == null ? List.of() : codecs).stream().map(VideoCodec::wireName).toList();
        if (heights.isEmpty() || heights.stream().anyMatch(h -> h < 64 || h > 2160 || h % 2 != 0)) {
            throw new IllegalArgumentException("heights must be even numbers from 64 to 2160, got " + heights);
        }
        if (crfs.isEmpty() || crfs.stream().anyMatch(c -> c < 0 || c > 51)) {
            throw new IllegalArgumentException("crfs must be 0 to 51, got " + crfs);
        }
        if (rungs < 1 || rungs > 12) {
            throw new IllegalArgumentException("rungs must be 1 to 12, got " + rungs);
        }
        if (!(minChunkSeconds > 0) || maxChunkSeconds < 2 * minChunkSeconds || !(segmentSeconds > 0)
                || segmentSeconds > 10) {
            throw new IllegalArgumentException("need 0 < min chunk, max chunk >= 2 x min chunk and a segment of at"
                    + " most 10 s, got " + minChunkSeconds + " / " + maxChunkSeconds + " / " + segmentSeconds);
        }
    }

    /** Unset values (empty lists, zeros) take the farm's defaults. */
    public static JobSettings of(List<Integer> heights, List<Integer> crfs, int rungs, double minChunkSeconds,
                                 double maxChunkSeconds, double segmentSeconds, boolean clear,
                                 List<String> codecs) {
        return new JobSettings(heights.isEmpty() ? DEFAULT_HEIGHTS : heights, crfs.isEmpty() ? DEFAULT_CRFS : crfs,
                rungs == 0 ? 5 : rungs, minChunkSeconds == 0 ? 2 : minChunkSeconds,
                maxChunkSeconds == 0 ? 6 : maxChunkSeconds, segmentSeconds == 0 ? 2 : segmentSeconds, !clear, codecs);
    }
}
