package io.streamplane.registry.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.streamplane.registry.access.PublishTokens;

/** Carries the {@code authorization: Bearer <token>} metadata of a call to the service, which decides what it allows. */
public final class BearerToken implements ServerInterceptor {
  static final Context.Key<String> TOKEN = Context.key("publish-token");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Context context = Context.current().withValue(TOKEN, PublishTokens.bearer(headers.get(AUTHORIZATION)));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
