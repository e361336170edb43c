/**
 * Federation composition: subgraph SDLs in, a supergraph SDL (link v1.0 + join v0.5) or coded errors out.
 *
 * <ul>
 *   <li>{@link io.streamplane.federation.compose.Composer#compose} reads ({@code SubgraphReader}), validates
 *       ({@code SubgraphValidator}) and merges subgraphs, prints the supergraph ({@code SupergraphPrinter}) and checks
 *       it by deriving its API schema.</li>
 *   <li>{@link io.streamplane.federation.compose.ApiSchema} is the client schema of any supergraph;
 *       {@link io.streamplane.federation.compose.Contract} is a {@code @tag}-filtered variant of a supergraph.</li>
 *   <li>{@link io.streamplane.federation.compose.ComposeCommand} is the {@code schema compose} CLI over a Rover-style
 *       {@link io.streamplane.federation.compose.RoverConfig}.</li>
 * </ul>
 *
 * <p>Errors carry Apollo-style codes ({@link io.streamplane.federation.compose.ErrorCode}), the subgraph, the schema
 * coordinate, the SDL location when known, and a message. The test corpus ({@code src/test/resources/compose/})
 * was compared with {@code @apollo/composition} 2.14.4 during development: valid scenarios give the same supergraph
 * text (Apollo links the lowest join version the subgraphs need; this composer always links join v0.5), invalid ones
 * the same error codes. Only the outputs are committed, never Apollo code.
 */
package io.streamplane.federation.compose;
