import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import java.nio.file.Path;
import java.util.List;

/** java -cp CP MakeSource.java OUT WIDTH HEIGHT SHOT_SECONDS: flat, fractal and noisy shots with hard cuts. */
public class MakeSource {
    public static void main(String[] args) {
        double shot = Double.parseDouble(args[3]);
        SyntheticSource.generate(FfmpegTools.locate(), Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), 24, List.of(new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, shot),
                        new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, shot),
                        new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, shot)));
    }
}
