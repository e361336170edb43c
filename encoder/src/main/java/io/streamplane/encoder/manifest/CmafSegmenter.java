package io.streamplane.encoder.manifest;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import io.streamplane.encoder.shots.ChunkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an encoded rendition (keyframes on the plan's keyframes) into CMAF fragments without re-encoding: an init
 * segment {@code init.mp4} and one {@code seg_NNNNN.m4s} per keyframe interval, so all renditions share segment
 * boundaries. ffmpeg's own playlist is discarded; the segment list comes from the plan.
 *
 * <p>With a {@link ContentKey} the samples are encrypted with CENC ({@code cenc}, AES-CTR, subsample encryption of
 * the video NAL units by ffmpeg's MP4 muxer: {@code tenc} in the init segment, {@code senc/saiz/saio} in every
 * fragment) and the common-system {@code pssh} with the key id is added to the init segment.
 */
public final class CmafSegmenter {

    private final FfmpegTools tools;

    public CmafSegmenter(FfmpegTools tools) {
        this.tools = tools;
    }

    /** Clear segments. */
    public List<HlsPlaylists.Segment> segment(Path rendition, ChunkPlan plan, Path dir) {
        return segment(rendition, plan, dir, null);
    }

    /** Segments encrypted with {@code key}, or clear when it is null. */
    public List<HlsPlaylists.Segment> segment(Path rendition, ChunkPlan plan, Path dir, ContentKey key) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MediaToolException("SEGMENT_FAILED", "cannot create " + dir + ": " + e.getMessage(), e);
        }
        Path scratchPlaylist = dir.resolve("ffmpeg-index.m3u8");
        // hls_time far below the keyframe interval: the muxer then cuts at every keyframe and nowhere else.
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y", "-i", rendition.toString(),
                "-map", "0:v:0", "-c", "copy", "-f", "hls", "-hls_segment_type", "fmp4", "-hls_time", "0.05",
                "-hls_playlist_type", "vod", "-hls_fmp4_init_filename", "init.mp4",
                "-hls_segment_filename", dir.resolve("seg_%05d.m4s").toString()));
        if (key != null) {
            args.addAll(List.of("-hls_segment_options", "encryption_scheme=cenc-aes-ctr:encryption_key="
                    + key.keyHex() + ":encryption_kid=" + key.keyIdHex()));
        }
        args.add(scratchPlaylist.toString());
        ProcessRunner.Result r = tools.ffmpeg(args, Duration.ofMinutes(5));
        if (r.exitCode() != 0) {
            throw new MediaToolException("SEGMENT_FAILED", "segmenting " + rendition + " failed: " + r.stderr().strip());
        }
        try {
            Files.deleteIfExists(scratchPlaylist);
            if (key != null) {
                PsshBox.insertIntoInit(dir.resolve("init.mp4"), key);
            }
        } catch (IOException e) {
            throw new MediaToolException("SEGMENT_FAILED", "cannot finish the init segment in " + dir + ": "
                    + e.getMessage(), e);
        }
        List<Integer> frames = plan.segmentFrames();
        List<HlsPlaylists.Segment> segments = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            String uri = String.format("seg_%05d.m4s", i);
            if (!Files.isRegularFile(dir.resolve(uri))) {
                throw new MediaToolException("SEGMENT_FAILED", "expected " + frames.size() + " segments, " + uri
                        + " is missing: the rendition's keyframes do not follow the plan");
            }
            segments.add(new HlsPlaylists.Segment(uri, frames.get(i) / plan.fps()));
        }
        if (Files.isRegularFile(dir.resolve(String.format("seg_%05d.m4s", frames.size())))) {
            throw new MediaToolException("SEGMENT_FAILED", "more segments than planned keyframes in " + rendition);
        }
        return segments;
    }
}
