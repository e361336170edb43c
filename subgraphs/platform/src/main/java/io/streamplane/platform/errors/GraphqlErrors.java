package io.streamplane.platform.errors;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import com.netflix.graphql.types.errors.ErrorType;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;

/**
 * Turns every data-fetcher exception into a GraphQL error with {@code extensions.code}. Only {@link ServiceException}
 * messages reach the client; anything else is logged and answered with a generic INTERNAL error (no stack traces,
 * no class names).
 */
public final class GraphqlErrors extends DataFetcherExceptionResolverAdapter {
  private static final Logger log = LoggerFactory.getLogger(GraphqlErrors.class);

  public GraphqlErrors() {
    setThreadLocalContextAware(false);
  }

  @Override
  protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment env) {
    Throwable cause = unwrap(exception);
    if (cause instanceof ServiceException service) {
      return build(env, service.code(), service.getMessage());
    }
    log.error("unexpected failure at {}", env.getExecutionStepInfo().getPath(), cause);
    return build(env, ErrorCode.INTERNAL, "Internal error");
  }

  private static GraphQLError build(DataFetchingEnvironment env, ErrorCode code, String message) {
    return GraphqlErrorBuilder.newError(env)
        .message(message)
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
      case UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorType.UNAVAILABLE;
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
