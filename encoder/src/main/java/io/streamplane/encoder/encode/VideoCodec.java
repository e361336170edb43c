package io.streamplane.encoder.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The video codecs a title can be published in. H.264 is always there (every device plays it, and the per-title
 * ladder is chosen from its candidates); VP9 and AV1 are optional extra renditions of the same ladder rungs.
 */
public enum VideoCodec {
    H264("h264", "v", 1.0),
    /** libvpx-vp9, realtime deadline: the good-quality modes cost minutes of CPU per title on a 2-core farm. */
    VP9("vp9", "vp9_", 0.85),
    /** SVT-AV1 at a fast preset, for the same reason. */
    AV1("av1", "av1_", 0.7);

    private final String wireName;
    private final String folderPrefix;
    private final double bitrateShare;

    /**
     * @param bitrateShare the target bitrate of this codec's rendition of a rung, as a share of the H.264 rung's
     *                     average bitrate: a rule of thumb for the savings at these fast settings, not a VMAF match
     */
    VideoCodec(String wireName, String folderPrefix, double bitrateShare) {
        this.wireName = wireName;
        this.folderPrefix = folderPrefix;
        this.bitrateShare = bitrateShare;
    }

    /** The target bitrate of this codec's rendition of a rung whose H.264 rendition averages {@code h264Kbps}. */
    public int kbpsFor(double h264Kbps) {
        return Math.max(16, (int) Math.round(h264Kbps * bitrateShare));
    }

    public String wireName() {
        return wireName;
    }

    /** A rung's folder in the title, e.g. v360_1 (H.264), vp9_360_1, av1_360_1. */
    public String folder(int height, int rung) {
        return folderPrefix + height + "_" + rung;
    }

    public static VideoCodec fromWire(String name) {
        for (VideoCodec c : values()) {
            if (c.wireName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown codec '" + name + "': use h264, vp9, av1");
    }

    /**
     * The codecs of a job from their wire names (e.g. "h264,vp9,av1" split): no duplicates, H.264 always first.
     * An empty list means H.264 only.
     */
    public static List<VideoCodec> parse(List<String> names) {
        List<VideoCodec> codecs = new ArrayList<>(List.of(H264));
        for (String name : names) {
            VideoCodec codec = fromWire(name);
            if (codec != H264 && !codecs.contains(codec)) {
                codecs.add(codec);
            }
        }
        return List.copyOf(codecs);
    }
}
