package io.streamplane.encoder.vmaf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Location of the shared VMAF vectors (Netflix's 160x90 pair); a missing folder fails the tests, it never skips them. */
final class ReferenceVectors {

    static final int WIDTH = 160;
    static final int HEIGHT = 90;
    static final int FRAMES = 48;
    private static final String PAIR = "_test_0_1_src01_hrc00_576x324_576x324_vs_src01_hrc01_576x324_576x324_q_160x90.yuv";

    private ReferenceVectors() {
    }

    static Path dir() {
        String configured = System.getProperty("streamplane.vmaf.data", "../../shared/data/vmaf");
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("ref" + PAIR)) && Files.isRegularFile(dir.resolve("dis" + PAIR)),
                "VMAF reference vectors not found in " + dir + ": the shared data folder must sit next to the checkout"
                        + " (../shared/data/vmaf), or set -Dstreamplane.vmaf.data");
        return dir;
    }

    static Path reference() {
        return dir().resolve("ref" + PAIR);
    }

    static Path distorted() {
        return dir().resolve("dis" + PAIR);
    }

    static RawYuvReader open(Path file) {
        return new RawYuvReader(file, WIDTH, HEIGHT, PixelFormat.YUV420P);
    }
}
