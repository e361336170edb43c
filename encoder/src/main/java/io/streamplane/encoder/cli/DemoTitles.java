package io.streamplane.encoder.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.streamplane.encoder.ffmpeg.FfmpegTools;
import io.streamplane.encoder.ingest.SyntheticSource;
import io.streamplane.proto.encoder.v1.EncodeSettings;
import io.streamplane.proto.encoder.v1.EncoderServiceGrpc;
import io.streamplane.proto.encoder.v1.SubmitTitleRequest;
import io.streamplane.proto.encoder.v1.SubmitTitleResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Media for the demo catalog: {@code --titles id1,id2,... --sources DIR --origin DIR [--coordinator host:port]}.
 * Generates a short synthetic source per title once (each with its own mix of flat, fractal and noisy shots) and
 * submits the titles whose ladder is not in the origin yet; titles already published, or being encoded, are left
 * alone, so running it on every start costs nothing after the first.
 */
public final class DemoTitles {

    // About 30 s each: long enough to watch, to switch appliances mid-stream, and to encode in a minute or two.
    private static final List<List<SyntheticSource.Shot>> MIXES = List.of(
            List.of(new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 8),
                    new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 7),
                    new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 8),
                    new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 7)),
            List.of(new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 10),
                    new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 10),
                    new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 10)),
            List.of(new SyntheticSource.Shot(SyntheticSource.Kind.NOISY, 6),
                    new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 8),
                    new SyntheticSource.Shot(SyntheticSource.Kind.FLAT, 8),
                    new SyntheticSource.Shot(SyntheticSource.Kind.SMOOTH, 8)));

    private DemoTitles() {
    }

    public static void main(String[] args) throws Exception {
        String coordinator = "127.0.0.1:9300";
        String titles = null;
        Path sources = null;
        Path origin = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--coordinator" -> coordinator = args[i + 1];
                case "--titles" -> titles = args[i + 1];
                case "--sources" -> sources = Path.of(args[i + 1]).toAbsolutePath();
                case "--origin" -> origin = Path.of(args[i + 1]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (titles == null || sources == null || origin == null) {
            System.err.println("usage: DemoTitles --titles id1,id2 --sources DIR --origin DIR [--coordinator h:p]");
            System.exit(2);
        }
        Files.createDirectories(sources);
        FfmpegTools tools = FfmpegTools.locate();
        ManagedChannel channel = NettyChannelBuilder.forTarget(coordinator).usePlaintext().build();
        try {
            EncoderServiceGrpc.EncoderServiceBlockingStub farm = EncoderServiceGrpc.newBlockingStub(channel);
            String[] ids = titles.split(",");
            for (int i = 0; i < ids.length; i++) {
                String id = ids[i].trim();
                if (Files.exists(origin.resolve(id).resolve("master.m3u8"))) {
                    System.out.println("demo title " + id + ": already in the origin");
                    continue;
                }
                Path source = sources.resolve(id + ".mp4");
                if (!Files.exists(source)) {
                    Path partial = sources.resolve(id + ".part.mp4");
                    SyntheticSource.generate(tools, partial, 640, 360, 24, MIXES.get(i % MIXES.size()));
                    Files.move(partial, source);
                }
                SubmitTitleResponse submitted = farm.withDeadlineAfter(30, TimeUnit.SECONDS).submitTitle(
                        SubmitTitleRequest.newBuilder().setTitleId(id).setSourcePath(source.toString())
                                .setSettings(EncodeSettings.newBuilder().addHeights(240).addHeights(360)
                                        .addCrfs(24).addCrfs(30).addCrfs(36).setRungs(3)).build());
                System.out.println("demo title " + id + ": job " + submitted.getJobId()
                        + (submitted.getAlreadyRunning() ? " (already running)" : ""));
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
