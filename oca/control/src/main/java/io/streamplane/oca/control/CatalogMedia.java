package io.streamplane.oca.control;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.oca.control.fill.MediaFile;
import io.streamplane.oca.control.fill.TitleMedia;
import io.streamplane.proto.catalog.v1.AvailabilityWindow;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BrowseRequest;
import io.streamplane.proto.catalog.v1.BrowseResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The titles the fleet can hold, read from the catalog over gRPC (never from its keyspace): popularity and release
 * from {@code Browse}, files (path, size, sha256) from {@code GetTitleAssets}. A full refresh walks the catalog; an
 * announced title is read at once.
 */
public final class CatalogMedia {
  private static final Logger log = Logger.getLogger(CatalogMedia.class.getName());
  private static final long DEADLINE_MS = 5_000;

  private final CatalogServiceGrpc.CatalogServiceBlockingStub catalog;
  private final Clock clock;
  private final Map<String, TitleMedia> titles = new ConcurrentHashMap<>();
  private volatile boolean loaded;
  /** Announced titles the walk may not see yet (released later); kept until the walk sees them. */
  private final java.util.Set<String> announced = ConcurrentHashMap.newKeySet();

  public CatalogMedia(ManagedChannel channel, Clock clock) {
    this.catalog = CatalogServiceGrpc.newBlockingStub(channel);
    this.clock = clock;
  }

  /** The titles known now, by id. */
  public Map<String, TitleMedia> titles() {
    return Map.copyOf(titles);
  }

  /**
   * Walks the whole catalog (popularity order) and reads every title's assets. Titles with no fillable files are
   * dropped; titles the walk did not see (not yet released) keep what the last announce read.
   */
  public void refreshAll() {
    Map<String, Title> seen = new LinkedHashMap<>();
    String after = "";
    do {
      // Upcoming releases too, with their real popularity and release date, so placement pre-positions them.
      BrowseResponse page = stub().browse(BrowseRequest.newBuilder().setFirst(100).setAfter(after)
          .setIncludeUpcoming(true).build());
      page.getTitlesList().forEach(t -> {
        seen.put(t.getId(), t);
        announced.remove(t.getId());
      });
      after = page.getHasNextPage() ? page.getEndCursor() : "";
    } while (!after.isEmpty());
    titles.keySet().removeIf(id -> !seen.containsKey(id) && !announced.contains(id));
    for (Title title : seen.values()) {
      try {
        assets(title.getId()).flatMap(a -> media(title, a)).ifPresentOrElse(
            m -> titles.put(m.titleId(), m), () -> titles.remove(title.getId()));
      } catch (StatusRuntimeException e) {
        log.fine("assets of " + title.getId() + " unreadable: " + e.getStatus());
      }
    }
    loaded = true;
  }

  /** Whether a full walk of the catalog has succeeded since start. */
  public boolean loaded() {
    return loaded;
  }

  /**
   * Reads one title now (the encoding farm announced it). A title not visible in the catalog yet (future release)
   * counts with popularity 0 and is available now, so storage appliances pre-position it.
   *
   * @throws StatusRuntimeException NOT_FOUND when the catalog has no fillable media for it
   */
  public TitleMedia refresh(String titleId) {
    TitleAssets assets = assets(titleId).orElseThrow(() -> Status.NOT_FOUND
        .withDescription("the catalog has no media assets for title " + titleId).asRuntimeException());
    List<Title> found = stub().batchGetTitles(BatchGetTitlesRequest.newBuilder().addIds(titleId).build())
        .getTitlesList();
    Title title = found.isEmpty() ? Title.newBuilder().setId(titleId).build() : found.get(0);
    TitleMedia media = media(title, assets).orElseThrow(() -> Status.FAILED_PRECONDITION.withDescription(
        "title " + titleId + " lists no file an appliance can hold (served kind, size and sha256 are required)")
        .asRuntimeException());
    titles.put(titleId, media);
    announced.add(titleId);
    return media;
  }

  private Optional<TitleAssets> assets(String titleId) {
    try {
      return Optional.of(stub().getTitleAssets(GetTitleAssetsRequest.newBuilder().setTitleId(titleId).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<TitleMedia> media(Title title, TitleAssets assets) {
    List<MediaFile> files = new ArrayList<>();
    for (MediaAsset asset : assets.getAssetsList()) {
      if (MediaFile.fillable(asset.getPath(), asset.getSizeBytes(), asset.getSha256())) {
        files.add(new MediaFile(asset.getPath(), asset.getSizeBytes(), asset.getSha256()));
      }
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Instant release = title.getAvailabilityList().stream().map(AvailabilityWindow::getAvailableFromEpochS)
        .min(Long::compare).map(Instant::ofEpochSecond).orElse(clock.instant());
    return Optional.of(new TitleMedia(title.getId(), files, title.getPopularity(), release));
  }

  private CatalogServiceGrpc.CatalogServiceBlockingStub stub() {
    return catalog.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }
}
