package io.streamplane.catalog.grpc;

import io.grpc.stub.StreamObserver;
import io.streamplane.catalog.browse.BrowsePager;
import io.streamplane.catalog.model.Ids;
import io.streamplane.catalog.model.MediaAsset;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleAssets;
import io.streamplane.catalog.query.Catalog;
import io.streamplane.catalog.query.TitleValidation;
import io.streamplane.catalog.store.Loaded;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.platform.grpc.Deadlines;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BatchGetTitlesResponse;
import io.streamplane.proto.catalog.v1.BrowseRequest;
import io.streamplane.proto.catalog.v1.BrowseResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.UpsertTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.UpsertTitleRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The catalog's gRPC edge for internal callers; every read gets at most the caller's remaining deadline. */
public final class CatalogGrpcService extends CatalogServiceGrpc.CatalogServiceImplBase {
  private static final Duration MAX_STORE_TIME = Duration.ofSeconds(2);
  private static final Pattern ASSET_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private final Catalog catalog;
  private final String defaultCountry;
  private final Clock clock;

  public CatalogGrpcService(Catalog catalog, String defaultCountry, Clock clock) {
    this.catalog = catalog;
    this.defaultCountry = defaultCountry;
    this.clock = clock;
  }

  @Override
  public void batchGetTitles(BatchGetTitlesRequest request, StreamObserver<BatchGetTitlesResponse> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    List<String> ids = Catalog.validateIds(List.copyOf(new LinkedHashSet<>(request.getIdsList())), Catalog.MAX_GRPC_IDS);
    String country = country(request.getCountry());
    Map<String, Loaded<Title>> loaded = catalog.store().titles(ids, budget);
    BatchGetTitlesResponse.Builder response = BatchGetTitlesResponse.newBuilder();
    for (String id : ids) {
      Loaded<Title> title = loaded.get(id);
      if (title.unavailable()) {
        throw Catalog.unavailable();
      }
      if (title.value() != null && catalog.visible(title.value(), country)) {
        response.addTitles(ProtoMapping.toProto(title.value()));
      } else {
        response.addNotFoundIds(id);
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void browse(BrowseRequest request, StreamObserver<BrowseResponse> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    BrowsePager.Page page = catalog.browse(request.getGenreId(), request.getFirst() == 0 ? null : request.getFirst(),
        request.getAfter(), country(request.getCountry()), request.getIncludeUpcoming(), budget);
    BrowseResponse.Builder response = BrowseResponse.newBuilder().setHasNextPage(page.hasNextPage());
    page.edges().forEach(edge -> response.addTitles(ProtoMapping.toProto(edge.title())));
    if (page.endCursor() != null) {
      response.setEndCursor(page.endCursor());
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void getTitleAssets(GetTitleAssetsRequest request,
      StreamObserver<io.streamplane.proto.catalog.v1.TitleAssets> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    String id = Ids.require(request.getTitleId(), "title");
    TitleAssets assets = catalog.store().assets(id, budget)
        .orElseThrow(() -> ServiceException.notFound("title " + id + " has no media assets"));
    out.onNext(ProtoMapping.toProto(assets));
    out.onCompleted();
  }

  @Override
  public void upsertTitle(UpsertTitleRequest request, StreamObserver<io.streamplane.proto.catalog.v1.Title> out) {
    Deadlines.remaining(MAX_STORE_TIME);
    if (!request.hasTitle()) {
      throw ServiceException.badInput("title is required");
    }
    Title title = catalog.upsert(TitleValidation.validate(ProtoMapping.fromProto(request.getTitle())));
    out.onNext(ProtoMapping.toProto(title));
    out.onCompleted();
  }

  @Override
  public void upsertTitleAssets(UpsertTitleAssetsRequest request,
      StreamObserver<io.streamplane.proto.catalog.v1.TitleAssets> out) {
    Duration budget = Deadlines.remaining(MAX_STORE_TIME);
    TitleAssets assets = validate(ProtoMapping.fromProto(request.getAssets(), clock.instant()));
    Loaded<Title> title = catalog.store().titles(List.of(assets.titleId()), budget).get(assets.titleId());
    if (title.unavailable()) {
      throw Catalog.unavailable();
    }
    if (title.value() == null) {
      throw ServiceException.notFound("no title with id " + assets.titleId());
    }
    catalog.store().upsertAssets(assets);
    out.onNext(ProtoMapping.toProto(assets));
    out.onCompleted();
  }

  private static TitleAssets validate(TitleAssets assets) {
    Ids.require(assets.titleId(), "title");
    if (assets.assets().isEmpty() || assets.assets().size() > 500) {
      throw ServiceException.badInput("assets: 1 to 500 entries");
    }
    Set<String> ids = new HashSet<>();
    for (MediaAsset asset : assets.assets()) {
      if (asset.id().isEmpty() || !ids.add(asset.id())) {
        throw ServiceException.badInput("asset ids must be present and unique, got '" + asset.id() + "'");
      }
      if (!ASSET_PATH.matcher(asset.path()).matches() || asset.path().contains("..")) {
        throw ServiceException.badInput("asset path '" + asset.path() + "' must be relative, without '..'");
      }
      if (asset.sizeBytes() < 0 || asset.bitrateBps() < 0 || asset.width() < 0 || asset.height() < 0) {
        throw ServiceException.badInput("asset " + asset.id() + " has a negative size, bitrate or dimension");
      }
    }
    if (assets.keyId() != null && !assets.keyId().matches("[0-9a-f]{32}")) {
      throw ServiceException.badInput("key_id must be 32 lower-case hex digits");
    }
    return assets;
  }

  private String country(String requested) {
    if (requested.isEmpty()) {
      return defaultCountry;
    }
    String country = Caller.normaliseCountry(requested);
    if (country == null) {
      throw ServiceException.badInput("country must be an ISO 3166-1 alpha-2 code, got '" + requested + "'");
    }
    return country;
  }
}
