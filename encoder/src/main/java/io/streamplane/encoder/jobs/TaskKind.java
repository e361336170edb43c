package io.streamplane.encoder.jobs;

/** The idempotent steps a title is split into; a job runs them in this order, many of each in parallel. */
public enum TaskKind {
    /** Copy the source into the job's folder, probe and check it, detect shots, plan chunks. */
    INGEST,
    /** One chunk at one height: an encode per CRF, each scored with VMAF. */
    CANDIDATE,
    /** One rung of the classic fixed ladder: the whole title at its bitrate, scored with VMAF (the report's baseline). */
    FIXED,
    /** One ladder rung: join its chunk encodes, CMAF-segment and encrypt into the staging folder. */
    RUNG,
    /** A VP9 or AV1 rendition of a ladder rung: whole-title encode on the plan's keyframes, segmented, encrypted. */
    CODEC_RUNG,
    /** The AAC track, segmented and encrypted into the staging folder. */
    AUDIO,
    /** Manifests and report, then the staging folder replaces the title in the origin. */
    PUBLISH;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TaskKind fromWire(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
