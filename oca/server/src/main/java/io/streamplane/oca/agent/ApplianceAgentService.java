package io.streamplane.oca.agent;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.streamplane.oca.fill.FillAsset;
import io.streamplane.oca.fill.FillEvent;
import io.streamplane.oca.fill.FillJob;
import io.streamplane.oca.fill.Filler;
import io.streamplane.oca.store.ContentPath;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.proto.oca.v1.ApplianceAgentGrpc;
import io.streamplane.proto.oca.v1.AssetRef;
import io.streamplane.proto.oca.v1.AssetState;
import io.streamplane.proto.oca.v1.DrainRequest;
import io.streamplane.proto.oca.v1.DrainResponse;
import io.streamplane.proto.oca.v1.EvictRequest;
import io.streamplane.proto.oca.v1.EvictResponse;
import io.streamplane.proto.oca.v1.FillProgress;
import io.streamplane.proto.oca.v1.FillRequest;
import io.streamplane.proto.oca.v1.HealthReport;
import io.streamplane.proto.oca.v1.HealthRequest;
import io.streamplane.proto.oca.v1.HeldAsset;
import io.streamplane.proto.oca.v1.InventoryRequest;
import io.streamplane.proto.oca.v1.InventoryResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/** The gRPC agent the OCA control plane talks to: Fill, Evict, Inventory, Health and Drain. */
public final class ApplianceAgentService extends ApplianceAgentGrpc.ApplianceAgentImplBase {

  private static final int MAX_ASSETS_PER_FILL = 10_000;

  private final ContentStore store;
  private final Filler filler;
  private final HealthSampler health;
  private final AtomicBoolean draining;
  private final LongSupplier openConnections;
  private final Executor fillExecutor;

  public ApplianceAgentService(ContentStore store, Filler filler, HealthSampler health, AtomicBoolean draining,
      LongSupplier openConnections, Executor fillExecutor) {
    this.store = store;
    this.filler = filler;
    this.health = health;
    this.draining = draining;
    this.openConnections = openConnections;
    this.fillExecutor = fillExecutor;
  }

  @Override
  public void fill(FillRequest request, StreamObserver<FillProgress> responses) {
    FillJob job;
    try {
      job = toJob(request);
    } catch (IllegalArgumentException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("INVALID_ASSET: " + e.getMessage())
          .asRuntimeException());
      return;
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    if (responses instanceof ServerCallStreamObserver<FillProgress> call) {
      call.setOnCancelHandler(() -> cancelled.set(true));
    }
    fillExecutor.execute(() -> {
      filler.run(job, event -> {
        if (!cancelled.get()) {
          synchronized (responses) {
            responses.onNext(toProto(event));
          }
        }
      }, cancelled::get);
      if (!cancelled.get()) {
        responses.onCompleted();
      }
    });
  }

  private static FillJob toJob(FillRequest request) {
    if (request.getAssetsCount() == 0 || request.getAssetsCount() > MAX_ASSETS_PER_FILL) {
      throw new IllegalArgumentException("a fill has 1 to " + MAX_ASSETS_PER_FILL + " assets");
    }
    if (request.getBandwidthCapBytesPerS() < 0 || request.getDeadlineEpochMs() < 0) {
      throw new IllegalArgumentException("deadline and bandwidth cap must not be negative");
    }
    List<FillAsset> assets = new ArrayList<>();
    for (var asset : request.getAssetsList()) {
      List<URI> sources = new ArrayList<>();
      for (String url : asset.getSourceUrlsList()) {
        try {
          sources.add(URI.create(url));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("bad source URL '" + url + "'");
        }
      }
      assets.add(new FillAsset(ContentPath.ofAsset(asset.getTitleId(), asset.getPath()), sources,
          asset.getSizeBytes(), asset.getSha256Hex()));
    }
    Optional<Instant> deadline = request.getDeadlineEpochMs() == 0 ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(request.getDeadlineEpochMs()));
    return new FillJob(request.getFillId(), assets, deadline, request.getBandwidthCapBytesPerS());
  }

  private static FillProgress toProto(FillEvent event) {
    return FillProgress.newBuilder()
        .setFillId(event.fillId())
        .setTitleId(event.asset().path().titleId())
        .setPath(event.asset().path().relativePath())
        .setState(switch (event.state()) {
          case QUEUED -> AssetState.ASSET_STATE_QUEUED;
          case DOWNLOADING -> AssetState.ASSET_STATE_DOWNLOADING;
          case DONE -> AssetState.ASSET_STATE_DONE;
          case ALREADY_PRESENT -> AssetState.ASSET_STATE_ALREADY_PRESENT;
          case FAILED -> AssetState.ASSET_STATE_FAILED;
        })
        .setAssetBytesDone(event.assetBytesDone())
        .setAssetSizeBytes(event.asset().sizeBytes())
        .setSourceUrl(event.sourceUrl())
        .setErrorCode(event.error() == null ? "" : event.error().name())
        .setMessage(event.message())
        .setFillBytesDone(event.fillBytesDone())
        .setFillBytesTotal(event.fillBytesTotal())
        .setAssetsFinished(event.assetsFinished())
        .setAssetsTotal(event.assetsTotal())
        .build();
  }

  @Override
  public void evict(EvictRequest request, StreamObserver<EvictResponse> responses) {
    EvictResponse.Builder result = EvictResponse.newBuilder();
    try {
      for (AssetRef ref : request.getAssetsList()) {
        Path target = ref.getPath().isEmpty() ? store.titleDirectory(ref.getTitleId())
            : store.locate(ContentPath.ofAsset(ref.getTitleId(), ref.getPath()));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          result.addNotFound(ref);
          continue;
        }
        delete(target, result);
        if (!ref.getPath().isEmpty()) {
          Files.deleteIfExists(ContentStore.checksumFile(target));
        }
      }
    } catch (IllegalArgumentException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("INVALID_ASSET: " + e.getMessage())
          .asRuntimeException());
      return;
    } catch (IOException e) {
      responses.onError(Status.INTERNAL.withDescription("IO_ERROR: evicting failed: " + e.getMessage())
          .asRuntimeException());
      return;
    }
    responses.onNext(result.build());
    responses.onCompleted();
  }

  private static void delete(Path target, EvictResponse.Builder result) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(target)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !path.getFileName().toString().startsWith(".")) {
        result.setBytesFreed(result.getBytesFreed() + Files.size(path));
        result.setFilesDeleted(result.getFilesDeleted() + 1);
      }
      Files.delete(path);
    }
  }

  @Override
  public void inventory(InventoryRequest request, StreamObserver<InventoryResponse> responses) {
    try {
      InventoryResponse.Builder result = InventoryResponse.newBuilder();
      List<String> titleIds = new ArrayList<>();
      for (String titleId : request.getTitleIdsList()) {
        titleIds.add(ContentPath.checkTitleId(titleId));
      }
      for (var held : store.inventory(titleIds)) {
        result.addAssets(HeldAsset.newBuilder().setTitleId(held.titleId()).setPath(held.relativePath())
            .setSizeBytes(held.size()).setModifiedEpochMs(held.modifiedEpochMillis()).setSha256Hex(held.sha256Hex()));
        result.setTotalBytes(result.getTotalBytes() + held.size());
      }
      responses.onNext(result.build());
      responses.onCompleted();
    } catch (IllegalArgumentException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("INVALID_ASSET: " + e.getMessage())
          .asRuntimeException());
    } catch (IOException e) {
      responses.onError(Status.INTERNAL.withDescription("IO_ERROR: listing the store failed").asRuntimeException());
    }
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthReport> responses) {
    try {
      responses.onNext(health.sample());
      responses.onCompleted();
    } catch (IOException e) {
      responses.onError(Status.INTERNAL.withDescription("IO_ERROR: reading disk figures failed").asRuntimeException());
    }
  }

  @Override
  public void drain(DrainRequest request, StreamObserver<DrainResponse> responses) {
    draining.set(request.getDraining());
    responses.onNext(DrainResponse.newBuilder().setDraining(draining.get())
        .setOpenConnections((int) Math.min(Integer.MAX_VALUE, openConnections.getAsLong())).build());
    responses.onCompleted();
  }
}
