package io.streamplane.platform.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated operations by their text. The gateway sends each client operation to a subgraph as the same
 * text every time (arguments travel as variables), so after the first request a subgraph skips parsing and
 * validation, which otherwise cost as much CPU as a small resolver. Bounded, so a flood of distinct documents only
 * churns the cache.
 */
public final class OperationCache implements PreparsedDocumentProvider {
  private final Cache<String, PreparsedDocumentEntry> documents;

  public OperationCache(int maximumSize, Duration keep) {
    this.documents = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(keep).build();
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    return CompletableFuture.completedFuture(documents.get(input.getQuery(), text -> parseAndValidate.apply(input)));
  }
}
