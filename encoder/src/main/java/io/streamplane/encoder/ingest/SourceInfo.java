package io.streamplane.encoder.ingest;

/**
 * What ingest learned about a source master. {@code videoCodec} is null for a file without a video stream (cover art
 * does not count), {@code audioCodec} null without audio.
 */
public record SourceInfo(String container, long sizeBytes, String sha256, double durationSeconds, String videoCodec,
                         int width, int height, String pixelFormat, double frameRate, String audioCodec,
                         int audioChannels, int audioSampleRate) {

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
