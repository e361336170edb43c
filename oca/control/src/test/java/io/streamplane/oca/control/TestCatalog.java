package io.streamplane.oca.control;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BatchGetTitlesResponse;
import io.streamplane.proto.catalog.v1.BrowseRequest;
import io.streamplane.proto.catalog.v1.BrowseResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real gRPC server speaking the catalog contract ({@code streamplane.catalog.v1.CatalogService}) over titles the
 * test sets, so the control plane's catalog client runs over the wire without starting the Spring catalog and its
 * stores. Browse pages by popularity with a numeric cursor, like the catalog's.
 */
final class TestCatalog implements AutoCloseable {
  final Map<String, Title> titles = new ConcurrentHashMap<>();
  final Map<String, TitleAssets> assets = new ConcurrentHashMap<>();
  private final Server server;

  TestCatalog() throws IOException {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new Service()).build()
        .start();
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  void put(Title title, TitleAssets media) {
    titles.put(title.getId(), title);
    assets.put(title.getId(), media);
  }

  private final class Service extends CatalogServiceGrpc.CatalogServiceImplBase {
    @Override
    public void browse(BrowseRequest request, StreamObserver<BrowseResponse> out) {
      // As the catalog does: titles not released yet are listed only for include_upcoming.
      long now = System.currentTimeMillis() / 1000;
      List<Title> ordered = titles.values().stream()
          .filter(t -> request.getIncludeUpcoming() || t.getAvailabilityList().isEmpty()
              || t.getAvailabilityList().stream().anyMatch(w -> w.getAvailableFromEpochS() <= now))
          .sorted(Comparator.comparingDouble(Title::getPopularity).reversed().thenComparing(Title::getId)).toList();
      int from = request.getAfter().isEmpty() ? 0 : Integer.parseInt(request.getAfter());
      int to = Math.min(ordered.size(), from + request.getFirst());
      out.onNext(BrowseResponse.newBuilder().addAllTitles(ordered.subList(from, to))
          .setHasNextPage(to < ordered.size()).setEndCursor(Integer.toString(to)).build());
      out.onCompleted();
    }

    @Override
    public void batchGetTitles(BatchGetTitlesRequest request, StreamObserver<BatchGetTitlesResponse> out) {
      BatchGetTitlesResponse.Builder response = BatchGetTitlesResponse.newBuilder();
      for (String id : request.getIdsList()) {
        Title title = titles.get(id);
        if (title == null) {
          response.addNotFoundIds(id);
        } else {
          response.addTitles(title);
        }
      }
      out.onNext(response.build());
      out.onCompleted();
    }

    @Override
    public void getTitleAssets(GetTitleAssetsRequest request, StreamObserver<TitleAssets> out) {
      TitleAssets media = assets.get(request.getTitleId());
      if (media == null) {
        out.onError(Status.NOT_FOUND.withDescription("title " + request.getTitleId() + " has no media assets")
            .asRuntimeException());
        return;
      }
      out.onNext(media);
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
