package io.streamplane.encoder.vmaf;

import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ffmpeg.MediaToolException;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Command line scorer for raw YUV 4:2:0: prints the pooled features and VMAF as JSON on stdout (and per frame on
 * request). Errors go to stderr as JSON with a stable code; exit status 0 = scored, 2 = bad input.
 */
public final class VmafCommand {

    static final String USAGE = """
            usage: vmaf --reference REF --distorted DIS [--width W --height H]
                        [--pixel-format yuv420p|yuv420p10le] [--distorted-size WxH] [--per-frame]
                        [--threads N] [--model MODEL.json]
              Files ending in .yuv are raw planar YUV 4:2:0: their size comes from --width/--height (the
              distorted one from --distorted-size if it differs), else from the last WxH in the file name.
              Any other file is decoded with ffmpeg (first video stream). A distorted picture smaller than the
              reference is upscaled bicubically to the reference size before scoring.""";

    private static final Set<String> FLAGS = Set.of("--per-frame", "--help");
    private static final Set<String> OPTIONS = Set.of("--reference", "--distorted", "--width", "--height",
            "--pixel-format", "--distorted-size", "--threads", "--model");
    private static final Pattern SIZE = Pattern.compile("(\\d{2,5})x(\\d{2,5})");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private VmafCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Map<String, String> options = parse(args);
            if (options.containsKey("--help")) {
                out.println(USAGE);
                return 0;
            }
            out.println(JSON.writeValueAsString(score(options)));
            return 0;
        } catch (VmafInputException e) {
            return error(err, e.code(), e.getMessage());
        } catch (MediaToolException e) {
            return error(err, e.code(), e.getMessage());
        } catch (IOException e) {
            return error(err, "VMAF_IO_ERROR", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            // Anything unforeseen still ends as one JSON line, never a stack trace.
            return error(err, "VMAF_INTERNAL_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static int error(PrintStream err, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        err.println(JSON.writeValueAsString(error));
        return 2;
    }

    private static ObjectNode score(Map<String, String> options) throws IOException {
        Path reference = Path.of(required(options, "--reference"));
        Path distorted = Path.of(required(options, "--distorted"));
        int threads = options.containsKey("--threads") ? positive(options, "--threads")
                : Runtime.getRuntime().availableProcessors();
        VmafModel model = options.containsKey("--model") ? VmafModel.load(Path.of(options.get("--model")))
                : VmafModel.v061();
        VmafResult result;
        String pixelFormat;
        int[] size;
        try (Input ref = open(reference, options, null); Input dis = open(distorted, options, ref.size())) {
            size = ref.size();
            pixelFormat = ref.format().ffmpegName();
            result = new VmafScorer(model, threads).score(ref.source(), dis.source());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("model", options.containsKey("--model") ? options.get("--model") : "vmaf_v0.6.1");
        root.put("width", size[0]).put("height", size[1]).put("pixel_format", pixelFormat);
        root.put("frames", result.frames().size());
        ObjectNode features = root.putObject("features");
        for (Feature f : Feature.values()) {
            features.put(f.key(), result.featureMeans().value(f));
        }
        root.putObject("vmaf").put("mean", result.vmafMean()).put("harmonic_mean", result.vmafHarmonicMean())
                .put("min", result.vmafMin());
        if (options.containsKey("--per-frame")) {
            ArrayNode frames = root.putArray("per_frame");
            for (VmafResult.FrameScore frame : result.frames()) {
                ObjectNode node = frames.addObject().put("frame", frame.index());
                for (Feature f : Feature.values()) {
                    node.put(f.key(), frame.features().value(f));
                }
                node.put("vmaf", frame.vmaf());
            }
        }
        return root;
    }

    /** An opened input: raw YUV read directly, anything else through ffmpeg. */
    private record Input(FrameSource source, int[] size, PixelFormat format, Closeable resource) implements Closeable {

        @Override
        public void close() throws IOException {
            resource.close();
        }
    }

    private static Input open(Path file, Map<String, String> options, int[] referenceSize) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".yuv")) {
            DecodedVideoReader reader = new DecodedVideoReader(FfmpegTools.locate(), file);
            return new Input(reader, new int[] {reader.width(), reader.height()}, reader.format(), reader);
        }
        int[] size;
        if (referenceSize != null && options.containsKey("--distorted-size")) {
            size = parseSize(options.get("--distorted-size"), "--distorted-size");
        } else if (options.containsKey("--width") || options.containsKey("--height")) {
            size = new int[] {positive(options, "--width"), positive(options, "--height")};
        } else {
            size = sizeFromName(file, referenceSize);
        }
        PixelFormat format = PixelFormat.fromName(options.getOrDefault("--pixel-format", "yuv420p"));
        RawYuvReader reader = new RawYuvReader(file, size[0], size[1], format);
        return new Input(reader, size, format, reader);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (FLAGS.contains(arg)) {
                options.put(arg, "true");
            } else if (OPTIONS.contains(arg)) {
                if (i + 1 == args.length) {
                    throw new VmafInputException("VMAF_USAGE", arg + " needs a value\n" + USAGE);
                }
                options.put(arg, args[++i]);
            } else {
                throw new VmafInputException("VMAF_USAGE", "unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new VmafInputException("VMAF_USAGE", name + " is required\n" + USAGE);
        }
        return value;
    }

    private static int positive(Map<String, String> options, String name) {
        String value = required(options, name);
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VmafInputException("VMAF_USAGE", name + " must be a positive integer, got '" + value + "'");
    }

    private static int[] sizeFromName(Path file, int[] fallback) {
        Matcher m = SIZE.matcher(file.getFileName().toString());
        int[] last = fallback;
        while (m.find()) {
            last = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        if (last == null) {
            throw new VmafInputException("VMAF_USAGE", "give --width and --height (no WxH in the file name "
                    + file.getFileName() + ")");
        }
        return last;
    }

    private static int[] parseSize(String text, String name) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new VmafInputException("VMAF_USAGE", name + " must look like 1280x720, got '" + text + "'");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
}
