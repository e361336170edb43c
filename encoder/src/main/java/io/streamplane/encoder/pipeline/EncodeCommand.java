package io.streamplane.encoder.pipeline;

import io.streamplane.encoder.encode.VideoCodec;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import io.streamplane.encoder.ingest.IngestException;
import io.streamplane.encoder.vmaf.VmafInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes one title in this process (no farm): progress lines on stderr, a JSON summary on stdout. The content key
 * is written only to {@code --key-out} (mode 600) for the key store, never to the origin or stdout.
 *
 * <pre>encode --source FILE --title-id ID --origin DIR [--clear | --key-out FILE] [--heights 240,360,540,720]
 *        [--crfs 22,28,34] [--rungs 5] [--threads N] [--codecs h264,vp9,av1]</pre>
 * Exit status 0 = published, 2 = bad input or failed stage (JSON error with a stable code on stderr).
 */
public final class EncodeCommand {

    private static final Set<String> FLAGS = Set.of("--clear");
    private static final Set<String> OPTIONS = Set.of("--source", "--title-id", "--origin", "--key-out", "--heights",
            "--crfs", "--rungs", "--threads", "--codecs");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private EncodeCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Map<String, String> o = parse(args);
            Path source = Path.of(required(o, "--source"));
            String titleId = required(o, "--title-id");
            if (!titleId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("--title-id must be 1-64 letters, digits, '-' or '_'");
            }
            boolean encrypt = !o.containsKey("--clear");
            if (encrypt && !o.containsKey("--key-out")) {
                throw new IllegalArgumentException("give --key-out FILE for the content key, or --clear");
            }
            TitlePipeline.Settings settings = new TitlePipeline.Settings(
                    numbers(o.getOrDefault("--heights", "240,360,540,720")),
                    numbers(o.getOrDefault("--crfs", "22,28,34")),
                    Integer.parseInt(o.getOrDefault("--rungs", "5")), 0.002, 2, 6, 2, encrypt,
                    VideoCodec.parse(List.of(o.getOrDefault("--codecs", "h264").split(","))));
            int threads = Integer.parseInt(o.getOrDefault("--threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors())));
            TitlePipeline.Result result = new TitlePipeline(FfmpegTools.locate(), threads).run(source, titleId,
                    Path.of(required(o, "--origin")), settings, stage -> err.println("stage: " + stage));
            if (result.key() != null) {
                Path keyOut = Path.of(o.get("--key-out"));
                Files.writeString(keyOut, "{\"kid\":\"" + result.key().keyIdHex() + "\",\"key\":\""
                        + result.key().keyHex() + "\"}\n");
                Files.setPosixFilePermissions(keyOut, PosixFilePermissions.fromString("rw-------"));
            }
            out.println(JSON.writeValueAsString(summary(result)));
            return 0;
        } catch (IngestException e) {
            return error(err, e.code(), e.getMessage());
        } catch (MediaToolException e) {
            return error(err, e.code(), e.getMessage());
        } catch (VmafInputException e) {
            return error(err, e.code(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(err, "ENCODE_USAGE", e.getMessage());
        } catch (IOException e) {
            return error(err, "ENCODE_IO_ERROR", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            // Anything unforeseen still ends as one JSON line, never a stack trace.
            return error(err, "ENCODE_FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ObjectNode summary(TitlePipeline.Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("title_dir", result.titleDir().toString());
        root.put("source_sha256", result.source().sha256());
        root.put("duration_seconds", result.source().durationSeconds());
        root.put("chunks", result.plan().chunks().size());
        ArrayNode cuts = root.putArray("cut_frames");
        result.plan().cutFrames().forEach(cuts::add);
        if (result.key() != null) {
            root.put("key_id", result.key().keyIdHex());
        }
        ArrayNode rungs = root.putArray("rungs");
        for (TitlePipeline.Rung r : result.rungs()) {
            ObjectNode node = rungs.addObject().put("folder", r.folder()).put("width", r.width())
                    .put("height", r.height()).put("kbps", Math.round(r.kbps())).put("vmaf", r.vmaf());
            ArrayNode perChunk = node.putArray("per_chunk");
            r.perChunk().forEach(perChunk::add);
        }
        ArrayNode codecRungs = root.putArray("codec_rungs");
        for (TitlePipeline.CodecRung r : result.codecRungs()) {
            codecRungs.addObject().put("folder", r.folder()).put("codec", r.codecs()).put("width", r.width())
                    .put("height", r.height()).put("target_kbps", r.kbps());
        }
        return root;
    }

    private static int error(PrintStream err, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        err.println(JSON.writeValueAsString(error));
        return 2;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (FLAGS.contains(args[i])) {
                options.put(args[i], "true");
            } else if (OPTIONS.contains(args[i]) && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument '" + args[i] + "'");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static List<Integer> numbers(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            out.add(Integer.parseInt(part.strip()));
        }
        return out;
    }
}
