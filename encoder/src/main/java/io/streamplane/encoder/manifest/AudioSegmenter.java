package io.streamplane.encoder.manifest;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The title's audio as one AAC-LC stereo 48 kHz track in CMAF fragments of about one segment length ({@code init.mp4},
 * {@code seg_NNNNN.m4s}), optionally CENC-encrypted like the video. AAC frames (1024 samples) do not fall on video
 * frame boundaries, so the segment durations are read back from the muxer's index rather than planned.
 */
public final class AudioSegmenter {

    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final String CODECS = "mp4a.40.2";

    /** The audio track as packaged: segments, their lengths in samples, and the average bitrate in bit/s. */
    public record AudioTrack(List<HlsPlaylists.Segment> segments, List<Long> segmentSamples, long bandwidth) {
    }

    private final FfmpegTools tools;

    public AudioSegmenter(FfmpegTools tools) {
        this.tools = tools;
    }

    public AudioTrack segment(Path source, double segmentSeconds, int kbps, Path dir, ContentKey key) {
        Path index = dir.resolve("ffmpeg-index.m3u8");
        try {
            Files.createDirectories(dir);
            List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y", "-i", source.toString(),
                    "-map", "0:a:0", "-c:a", "aac", "-b:a", kbps + "k", "-ac", String.valueOf(CHANNELS),
                    "-ar", String.valueOf(SAMPLE_RATE), "-f", "hls", "-hls_segment_type", "fmp4",
                    "-hls_time", String.format(Locale.ROOT, "%.3f", segmentSeconds), "-hls_playlist_type", "vod",
                    "-hls_fmp4_init_filename", "init.mp4", "-hls_segment_filename",
                    dir.resolve("seg_%05d.m4s").toString()));
            if (key != null) {
                args.addAll(List.of("-hls_segment_options", "encryption_scheme=cenc-aes-ctr:encryption_key="
                        + key.keyHex() + ":encryption_kid=" + key.keyIdHex()));
            }
            args.add(index.toString());
            ProcessRunner.Result r = tools.ffmpeg(args, Duration.ofMinutes(10));
            if (r.exitCode() != 0) {
                throw new MediaToolException("AUDIO_FAILED", "audio packaging of " + source + " failed: "
                        + r.stderr().strip());
            }
            List<HlsPlaylists.Segment> segments = new ArrayList<>();
            List<Long> samples = new ArrayList<>();
            double seconds = 0;
            List<String> lines = Files.readAllLines(index);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#EXTINF:") && i + 1 < lines.size()) {
                    String value = lines.get(i).substring("#EXTINF:".length()).split(",")[0];
                    double duration = Double.parseDouble(value);
                    segments.add(new HlsPlaylists.Segment(lines.get(i + 1).strip(), duration));
                    samples.add(Math.round(duration * SAMPLE_RATE));
                    seconds += duration;
                }
            }
            Files.delete(index);
            if (segments.isEmpty()) {
                throw new MediaToolException("AUDIO_FAILED", "ffmpeg wrote no audio segments for " + source);
            }
            if (key != null) {
                PsshBox.insertIntoInit(dir.resolve("init.mp4"), key);
            }
            long bytes = 0;
            for (HlsPlaylists.Segment s : segments) {
                bytes += Files.size(dir.resolve(s.uri()));
            }
            return new AudioTrack(segments, samples, Math.round(bytes * 8 / seconds));
        } catch (IOException e) {
            throw new MediaToolException("AUDIO_FAILED", "audio packaging in " + dir + " failed: " + e.getMessage(), e);
        }
    }
}
