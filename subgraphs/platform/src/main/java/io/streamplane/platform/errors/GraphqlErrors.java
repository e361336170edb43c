package io.streamplane.platform.errors;

import com.netflix.graphql.types.errors.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;

/**
 * Turns every data-fetcher exception into a GraphQL error with {@code extensions.code}. Only {@link ServiceException}
 * messages reach the client; anything else is logged and answered with a generic INTERNAL error (no stack traces,
 * no class names). Registered both as Spring GraphQL's resolver (query and mutation fields) and as graphql-java's
 * handler (federation's {@code _entities} fetcher reports through that one).
 */
public final class GraphqlErrors extends DataFetcherExceptionResolverAdapter implements DataFetcherExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(GraphqlErrors.class);

  public GraphqlErrors() {
    setThreadLocalContextAware(false);
  }

  @Override
  protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment env) {
    return toError(exception, env.getExecutionStepInfo().getPath(), env.getField().getSourceLocation());
  }

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters p) {
    GraphQLError error = toError(p.getException(), p.getPath(), p.getSourceLocation());
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  static GraphQLError toError(Throwable exception, ResultPath path, SourceLocation location) {
    Throwable cause = unwrap(exception);
    ErrorCode code = ErrorCode.INTERNAL;
    String message = "Internal error";
    if (cause instanceof ServiceException service) {
      code = service.code();
      message = service.getMessage();
    } else {
      log.error("unexpected failure at {}", path, cause);
    }
    return GraphqlErrorBuilder.newError()
        .message(message)
        .path(path)
        .location(location)
        .errorType(classification(code))
        .extensions(Map.of("code", code.name()))
        .build();
  }

  /** DGS's error taxonomy, which DGS clients read from {@code extensions.errorType}. */
  private static ErrorType classification(ErrorCode code) {
    return switch (code) {
      case BAD_USER_INPUT -> ErrorType.BAD_REQUEST;
      case NOT_FOUND -> ErrorType.NOT_FOUND;
      case UNAUTHENTICATED -> ErrorType.UNAUTHENTICATED;
      case FORBIDDEN -> ErrorType.PERMISSION_DENIED;
      case CONFLICT -> ErrorType.FAILED_PRECONDITION;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RATE_LIMITED -> ErrorType.UNAVAILABLE;
      case INTERNAL -> ErrorType.INTERNAL;
    };
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException
        || current.getClass().getName().endsWith("InvocationTargetException")) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
