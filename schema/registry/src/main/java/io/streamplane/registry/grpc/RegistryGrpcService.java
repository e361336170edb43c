package io.streamplane.registry.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.proto.registry.v1.AffectedOperation;
import io.streamplane.proto.registry.v1.CheckRequest;
import io.streamplane.proto.registry.v1.CheckResponse;
import io.streamplane.proto.registry.v1.CompositionProblem;
import io.streamplane.proto.registry.v1.GetSupergraphRequest;
import io.streamplane.proto.registry.v1.PublishRequest;
import io.streamplane.proto.registry.v1.PublishResponse;
import io.streamplane.proto.registry.v1.SchemaChange;
import io.streamplane.proto.registry.v1.SchemaRegistryGrpc;
import io.streamplane.proto.registry.v1.Supergraph;
import io.streamplane.registry.access.PublishTokens;
import io.streamplane.registry.review.Results;
import io.streamplane.registry.review.SchemaRegistry;
import io.streamplane.registry.store.SupergraphVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The registry for services over gRPC; same rules as the HTTP API. */
public final class RegistryGrpcService extends SchemaRegistryGrpc.SchemaRegistryImplBase {
  private static final Duration WATCH_POLL = Duration.ofMillis(500);
  private final SchemaRegistry registry;
  private final PublishTokens tokens;

  /** Serve it intercepted by {@link BearerToken}, which hands over the caller's publish token. */
  public RegistryGrpcService(SchemaRegistry registry, PublishTokens tokens) {
    this.registry = registry;
    this.tokens = tokens;
  }

  @Override
  public void publish(PublishRequest request, StreamObserver<PublishResponse> out) {
    tokens.authorizePublish(graph(request.getGraph()), request.getSubgraph(), BearerToken.TOKEN.get());
    Results.PublishResult result = registry.publish(graph(request.getGraph()), request.getSubgraph(), request.getSdl(),
        request.getRoutingUrl(), request.getRevision());
    PublishResponse.Builder response = PublishResponse.newBuilder().setPublished(result.published())
        .setNote(result.note());
    if (result.version() != null) {
      response.setVersion(result.version());
    }
    response.addAllCompositionErrors(problems(result.compositionErrors()));
    response.addAllChanges(changes(result.changes()));
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> out) {
    Results.CheckResult result = registry.check(graph(request.getGraph()), request.getSubgraph(), request.getSdl());
    out.onNext(CheckResponse.newBuilder().setVerdict(result.verdict().name())
        .addAllCompositionErrors(problems(result.compositionErrors()))
        .addAllChanges(changes(result.changes())).build());
    out.onCompleted();
  }

  @Override
  public void getSupergraph(GetSupergraphRequest request, StreamObserver<Supergraph> out) {
    String graph = graph(request.getGraph());
    SupergraphVersion live = registry.live(graph)
        .orElseThrow(() -> ServiceException.notFound("graph " + graph + " has no supergraph yet"));
    out.onNext(Supergraph.newBuilder().setVersion(live.version()).setSdl(live.supergraphSdl()).build());
    out.onCompleted();
  }

  /** Sends the live supergraph, then each newer one, until the caller cancels. */
  @Override
  public void watchSupergraph(GetSupergraphRequest request, StreamObserver<Supergraph> out) {
    String graph = graph(request.getGraph());
    ServerCallStreamObserver<Supergraph> call = (ServerCallStreamObserver<Supergraph>) out;
    int sent = 0;
    while (!call.isCancelled() && !Context.current().isCancelled()) {
      Optional<SupergraphVersion> live = registry.live(graph);
      if (live.isPresent() && live.get().version() != sent) {
        sent = live.get().version();
        out.onNext(Supergraph.newBuilder().setVersion(sent).setSdl(live.get().supergraphSdl()).build());
      }
      try {
        Thread.sleep(WATCH_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String graph(String graph) {
    return graph.isEmpty() ? "main" : graph;
  }

  private static List<CompositionProblem> problems(List<Results.Problem> problems) {
    return problems.stream().map(p -> CompositionProblem.newBuilder().setCode(p.code()).setSubgraph(p.subgraph())
        .setCoordinate(p.coordinate()).setMessage(p.message()).setLine(p.line() == null ? 0 : p.line())
        .setColumn(p.column() == null ? 0 : p.column()).build()).toList();
  }

  private static List<SchemaChange> changes(List<Results.Change> changes) {
    return changes.stream().map(c -> SchemaChange.newBuilder().setCode(c.code()).setCriticality(c.criticality())
        .setEffective(c.effective()).setCoordinate(c.coordinate()).setMessage(c.message())
        .setNote(c.note() == null ? "" : c.note())
        .addAllAffectedOperations(c.affectedOperations().stream().map(o -> AffectedOperation.newBuilder()
            .setOperationName(o.operationName()).setOperationHash(o.operationHash()).setCount(o.count()).build())
            .toList())
        .build()).toList();
  }
}
