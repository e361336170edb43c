package io.streamplane.federation.compose;

import io.streamplane.federation.querygraph.Satisfiability;
import io.streamplane.federation.supergraph.Supergraph;
import io.streamplane.federation.supergraph.SupergraphReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reproducible composition benchmark (not a test): composes (merging, API schema, satisfiability) a generated federation of {@code subgraphs} subgraphs,
 * each owning {@code types} entity types and extending every other subgraph's entities with one field, and prints
 * the median and best wall time per composition after warm-up.
 *
 * <pre>
 * ./mvnw -B -q -o install -pl schema/federation
 * java -cp "schema/federation/target/test-classes:schema/federation/target/classes:schema/federation/target/lib/*" \
 *     io.streamplane.federation.compose.ComposeBenchmark [subgraphs=10] [types=40] [runs=30]
 * </pre>
 */
public final class ComposeBenchmark {

    private ComposeBenchmark() {
    }

    public static void main(String[] args) {
        int subgraphs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int types = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<SubgraphSource> sources = generate(subgraphs, types);
        int sdlChars = sources.stream().mapToInt(s -> s.sdl().length()).sum();

        CompositionResult result = Composer.compose(sources);
        if (!result.succeeded()) {
            throw new IllegalStateException("generated federation does not compose: " + result.errors());
        }
        for (int i = 0; i < runs; i++) {
            Composer.compose(sources);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Composer.compose(sources);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        // the satisfiability walk alone, on the already extracted supergraph
        Supergraph extracted = SupergraphReader.readForAnalysis(result.supergraphSdl().orElseThrow());
        long[] walk = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            if (!Satisfiability.check(extracted).isEmpty()) {
                throw new IllegalStateException("generated federation is not satisfiable");
            }
            walk[i] = System.nanoTime() - start;
        }
        Arrays.sort(walk);
        System.out.printf("satisfiability walk alone: median %.1f ms, best %.1f ms%n", walk[runs / 2] / 1e6,
                walk[0] / 1e6);
        System.out.printf("compose: %d subgraphs x %d entity types (%d SDL chars in, %d out): median %.1f ms, best %.1f ms"
                        + " over %d runs%n", subgraphs, types, sdlChars, result.supergraphSdl().orElseThrow().length(),
                nanos[runs / 2] / 1e6, nanos[0] / 1e6, runs);
    }

    private static List<SubgraphSource> generate(int subgraphs, int types) {
        List<SubgraphSource> sources = new ArrayList<>();
        for (int s = 0; s < subgraphs; s++) {
            StringBuilder sdl = new StringBuilder("extend schema @link(url: \"https://specs.apollo.dev/federation/v2.9\","
                    + " import: [\"@key\", \"@shareable\", \"@external\", \"@requires\"])\n");
            sdl.append("type Query {\n");
            for (int t = 0; t < types; t++) {
                sdl.append("  s").append(s).append("t").append(t).append("(id: ID!, first: Int = 10): [S").append(s)
                        .append("T").append(t).append("!]!\n");
            }
            sdl.append("}\n");
            for (int owner = 0; owner < subgraphs; owner++) {
                for (int t = 0; t < types; t++) {
                    String type = "S" + owner + "T" + t;
                    sdl.append("type ").append(type).append(" @key(fields: \"id\") {\n  id: ID!\n");
                    if (owner == s) {
                        sdl.append("  name: String!\n  size: Int\n  kind: Kind\n");
                    } else {
                        sdl.append("  extra").append(s).append(": String\n");
                    }
                    sdl.append("}\n");
                }
            }
            sdl.append("enum Kind { A B C }\n");
            sources.add(new SubgraphSource("subgraph" + s, "http://subgraph" + s + "/graphql", sdl.toString()));
        }
        return sources;
    }
}
