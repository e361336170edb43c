/**
 * Schema diff between two API (client) schemas: every change with a stable
 * {@link io.streamplane.federation.diff.ChangeCode}, a {@link io.streamplane.federation.diff.Criticality} and the
 * schema coordinate it concerns. The classification follows graphql-inspector's rules; the corpus under
 * {@code src/test/resources/diff/} was compared with {@code @graphql-inspector/core} 8.0.0 during development.
 */
package io.streamplane.federation.diff;
