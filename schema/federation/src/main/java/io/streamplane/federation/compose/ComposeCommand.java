package io.streamplane.federation.compose;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code streamplane schema compose <supergraph.yaml>}: composes the subgraphs of a Rover-style config and prints
 * the supergraph SDL on stdout; on failure prints one line per error on stderr
 * ({@code CODE [subgraph] coordinate: message}) and exits with status 1 (2 for a bad command line).
 */
public final class ComposeCommand {

    private ComposeCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: compose <supergraph.yaml>");
            return 2;
        }
        RoverConfig config;
        try {
            config = RoverConfig.load(Path.of(args[0]));
        } catch (RoverConfig.InvalidConfigException e) {
            err.println(new CompositionError(ErrorCode.INVALID_CONFIG, "", "", e.getMessage()).describe());
            return 1;
        }
        CompositionResult result = Composer.compose(config.subgraphs());
        if (result.succeeded()) {
            out.print(result.supergraphSdl().orElseThrow());
            return 0;
        }
        result.errors().forEach(error -> err.println(error.describe()));
        return 1;
    }
}
