package io.streamplane.encoder.ingest;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Ingest check of a source master: ffprobe for container and streams, a full decode of the video to catch corrupt or
 * truncated files, the {@link SourcePolicy} rules, and a SHA-256 of the bytes. The file is only read.
 */
public final class SourceProbe {

    /** A decode shorter than this share of the declared duration means the file was cut short. */
    private static final double TRUNCATED_BELOW = 0.9;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FfmpegTools tools;

    public SourceProbe(FfmpegTools tools) {
        this.tools = tools;
    }

    public SourceInfo inspect(Path source) {
        long size = size(source);
        SourceInfo info = probe(source, size, sha256(source));
        SourcePolicy.check(info);
        verifyDecode(source, info);
        return info;
    }

    private static long size(Path source) {
        if (!Files.exists(source)) {
            throw new IngestException("INGEST_NOT_FOUND", "no such file: " + source);
        }
        if (!Files.isRegularFile(source)) {
            throw new IngestException("INGEST_NOT_A_FILE", source + " is not a regular file");
        }
        try {
            long size = Files.size(source);
            if (size == 0) {
                throw new IngestException("INGEST_EMPTY", source.getFileName() + " is empty (0 bytes)");
            }
            return size;
        } catch (IOException e) {
            throw new IngestException("INGEST_UNREADABLE", "cannot read " + source + ": " + e.getMessage());
        }
    }

    private SourceInfo probe(Path source, long size, String sha256) {
        ProcessRunner.Result result = tools.ffprobe(List.of("-v", "error",
                "-print_format", "json", "-show_format", "-show_streams", source.toString()), Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            String reason = result.stderr().strip();
            // An MP4 whose index (moov) is missing was cut short, but only if it is an MP4 at all: ffprobe picks the
            // demuxer from the file name, so a renamed text file reports the same.
            if ((reason.contains("moov atom not found") || reason.contains("partial file")) && startsWithFtyp(source)) {
                throw new IngestException("INGEST_TRUNCATED", "the file is truncated: " + lastLine(reason));
            }
            throw new IngestException("INGEST_NOT_MEDIA", "not a readable media file: " + lastLine(reason));
        }
        JsonNode root;
        try {
            root = JSON.readTree(result.stdout());
        } catch (JacksonException e) {
            throw new IngestException("INGEST_NOT_MEDIA", "ffprobe gave no usable description of the file");
        }
        JsonNode format = root.path("format");
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asString("");
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (video == null && type.equals("video") && !coverArt) {
                video = stream;
            } else if (audio == null && type.equals("audio")) {
                audio = stream;
            }
        }
        double duration = number(format.path("duration"));
        if (video != null && !(duration > 0)) {
            duration = number(video.path("duration"));
        }
        return new SourceInfo(format.path("format_name").asString("unknown"), size, sha256, duration,
                video == null ? null : video.path("codec_name").asString("unknown"),
                video == null ? 0 : video.path("width").asInt(0),
                video == null ? 0 : video.path("height").asInt(0),
                video == null ? null : video.path("pix_fmt").asString("unknown"),
                video == null ? 0 : frameRate(video),
                audio == null ? null : audio.path("codec_name").asString("unknown"),
                audio == null ? 0 : audio.path("channels").asInt(0),
                audio == null ? 0 : (int) number(audio.path("sample_rate")));
    }

    /** Decodes the whole video stream; errors or a decode that stops early reject the file. */
    private void verifyDecode(Path source, SourceInfo info) {
        Duration limit = Duration.ofSeconds(60 + (long) Math.ceil(4 * info.durationSeconds()));
        ProcessRunner.Result result = tools.ffmpeg(List.of("-nostdin", "-v", "error",
                "-i", source.toString(), "-map", "0:v:0", "-f", "null", "-progress", "pipe:1", "-nostats", "-"), limit);
        String errors = result.stderr().strip();
        if (errors.contains("partial file") || errors.contains("runcat") || errors.contains("prematurely")) {
            throw new IngestException("INGEST_TRUNCATED", "the file is truncated: " + lastLine(errors));
        }
        if (result.exitCode() != 0 || !errors.isEmpty()) {
            throw new IngestException("INGEST_CORRUPT", "the video does not decode cleanly: " + lastLine(errors));
        }
        double decoded = lastOutTime(result.stdout());
        if (info.durationSeconds() > 1 && decoded < TRUNCATED_BELOW * info.durationSeconds()) {
            throw new IngestException("INGEST_TRUNCATED", String.format(Locale.ROOT,
                    "only %.2f s of the declared %.2f s decode; the file was cut short", decoded,
                    info.durationSeconds()));
        }
    }

    /** The last {@code out_time_us} of ffmpeg's progress report, in seconds. */
    private static double lastOutTime(String progress) {
        double seconds = 0;
        for (String line : progress.split("\n")) {
            if (line.startsWith("out_time_us=")) {
                try {
                    seconds = Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1e6;
                } catch (NumberFormatException e) {
                    // "N/A" before the first frame
                }
            }
        }
        return seconds;
    }

    private static double frameRate(JsonNode video) {
        double avg = ratio(video.path("avg_frame_rate").asString("0/0"));
        return avg > 0 ? avg : ratio(video.path("r_frame_rate").asString("0/0"));
    }

    private static double ratio(String text) {
        int slash = text.indexOf('/');
        try {
            if (slash < 0) {
                return Double.parseDouble(text);
            }
            double den = Double.parseDouble(text.substring(slash + 1));
            return den == 0 ? 0 : Double.parseDouble(text.substring(0, slash)) / den;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double number(JsonNode node) {
        try {
            return node.isMissingNode() ? 0 : Double.parseDouble(node.asString("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean startsWithFtyp(Path source) {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(source)) {
            return in.readNBytes(head, 0, 8) == 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no details" : lines[lines.length - 1].strip();
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new IngestException("INGEST_UNREADABLE", "cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
