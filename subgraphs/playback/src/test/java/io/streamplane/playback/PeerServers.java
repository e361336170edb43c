package io.streamplane.playback;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.proto.catalog.v1.AvailabilityWindow;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BatchGetTitlesResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.MaturityRating;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import io.streamplane.proto.encoder.v1.GetTitleKeysRequest;
import io.streamplane.proto.encoder.v1.GetTitleKeysResponse;
import io.streamplane.proto.encoder.v1.KeyServiceGrpc;
import io.streamplane.proto.encoder.v1.TitleKey;
import io.streamplane.proto.identity.v1.Entitlement;
import io.streamplane.proto.identity.v1.GetEntitlementRequest;
import io.streamplane.proto.identity.v1.IdentityServiceGrpc;
import io.streamplane.proto.identity.v1.SaveViewingPositionRequest;
import io.streamplane.proto.identity.v1.SaveViewingPositionResponse;
import io.streamplane.proto.oca.v1.RankedSource;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteerResponse;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The peers' gRPC contracts (catalog, identity, OCA steering, the farm's KeyService), served by real gRPC servers on
 * ephemeral ports with data the tests control. They implement the contracts, not the components.
 */
public final class PeerServers implements AutoCloseable {
  public final Map<String, Title> titles = new ConcurrentHashMap<>();
  public final Map<String, TitleAssets> assets = new ConcurrentHashMap<>();
  public final Map<String, Entitlement> entitlements = new ConcurrentHashMap<>();
  /** Sign-in sessions identity answers UNAUTHENTICATED for (signed out or revoked). */
  public final Set<String> revokedSessions = ConcurrentHashMap.newKeySet();
  public final List<GetEntitlementRequest> entitlementRequests = new CopyOnWriteArrayList<>();
  public final List<SaveViewingPositionRequest> positions = new CopyOnWriteArrayList<>();
  public final Map<String, Map<String, byte[]>> keys = new ConcurrentHashMap<>();
  public final List<SteerRequest> steered = new CopyOnWriteArrayList<>();
  public volatile boolean identityDown;
  private final GrpcServer server;

  public PeerServers() {
    server = new GrpcServer(0, List.<BindableService>of(new Catalog(), new Identity(), new Steering(), new Keys()))
        .start();
  }

  public String target() {
    return "127.0.0.1:" + server.port();
  }

  public static Title title(String id, String rating, int level, String... countries) {
    Title.Builder title = Title.newBuilder().setId(id).setName("Title " + id)
        .setMaturityRating(MaturityRating.newBuilder().setLabel(rating).setLevel(level));
    for (String country : countries) {
      title.addAvailability(AvailabilityWindow.newBuilder().setCountry(country).setAvailableFromEpochS(0));
    }
    return title.build();
  }

  public static TitleAssets encrypted(String titleId, String keyIdHex) {
    return TitleAssets.newBuilder().setTitleId(titleId).setKeyId(keyIdHex)
        .addAssets(MediaAsset.newBuilder().setId("dash").setKind("DASH_MANIFEST").setPath("manifest.mpd"))
        .addAssets(MediaAsset.newBuilder().setId("hls").setKind("HLS_PLAYLIST").setPath("master.m3u8"))
        .addAssets(MediaAsset.newBuilder().setId("hls720").setKind("HLS_PLAYLIST").setPath("v720_2/playlist.m3u8"))
        .build();
  }

  public static Entitlement plan(String account, String profile, int streams, int maxHeight, int maturity,
      boolean active) {
    return Entitlement.newBuilder().setAccountId(account).setProfileId(profile).setPlan("STANDARD")
        .setMaxConcurrentStreams(streams).setMaxHeight(maxHeight).setMaturityLimit(maturity)
        .setSubscriptionActive(active).setCountry("US").build();
  }

  private final class Catalog extends CatalogServiceGrpc.CatalogServiceImplBase {
    @Override
    public void batchGetTitles(BatchGetTitlesRequest request, StreamObserver<BatchGetTitlesResponse> out) {
      BatchGetTitlesResponse.Builder response = BatchGetTitlesResponse.newBuilder();
      for (String id : request.getIdsList()) {
        Title title = titles.get(id);
        if (title != null && title.getAvailabilityList().stream()
            .anyMatch(w -> w.getCountry().equals(request.getCountry()))) {
          response.addTitles(title);
        } else {
          response.addNotFoundIds(id);
        }
      }
      out.onNext(response.build());
      out.onCompleted();
    }

    @Override
    public void getTitleAssets(GetTitleAssetsRequest request, StreamObserver<TitleAssets> out) {
      TitleAssets found = assets.get(request.getTitleId());
      if (found == null) {
        out.onError(Status.NOT_FOUND.withDescription("no assets").asRuntimeException());
        return;
      }
      out.onNext(found);
      out.onCompleted();
    }
  }

  private final class Identity extends IdentityServiceGrpc.IdentityServiceImplBase {
    @Override
    public void getEntitlement(GetEntitlementRequest request, StreamObserver<Entitlement> out) {
      if (identityDown) {
        out.onError(Status.UNAVAILABLE.withDescription("down for the test").asRuntimeException());
        return;
      }
      entitlementRequests.add(request);
      if (revokedSessions.contains(request.getSessionId())) {
        // as identity answers it: GrpcErrors adds the x-streamplane-error-code trailer
        throw new ServiceException(ErrorCode.UNAUTHENTICATED,
            "this sign-in was ended (signed out or revoked); sign in again");
      }
      Entitlement found = entitlements.get(request.getAccountId() + ":" + request.getProfileId());
      if (found == null) {
        out.onError(Status.NOT_FOUND.withDescription("no such profile").asRuntimeException());
        return;
      }
      out.onNext(found);
      out.onCompleted();
    }

    @Override
    public void saveViewingPosition(SaveViewingPositionRequest request,
        StreamObserver<SaveViewingPositionResponse> out) {
      if (identityDown) {
        out.onError(Status.UNAVAILABLE.withDescription("down for the test").asRuntimeException());
        return;
      }
      positions.add(request);
      out.onNext(SaveViewingPositionResponse.newBuilder().setUpdatedAtEpochMs(System.currentTimeMillis()).build());
      out.onCompleted();
    }
  }

  private final class Steering extends SteeringServiceGrpc.SteeringServiceImplBase {
    @Override
    public void steer(SteerRequest request, StreamObserver<SteerResponse> out) {
      steered.add(request);
      String path = "/s/tok-" + request.getSessionId() + "/titles/" + request.getTitleId() + "/";
      SteerResponse.Builder response = SteerResponse.newBuilder();
      int rank = 0;
      for (String appliance : List.of("oca-flash-1", "oca-storage-1", "origin")) {
        String base = "http://127.0.0.1:" + (8201 + rank++);
        response.addSources(RankedSource.newBuilder().setApplianceId(appliance).setBaseUrl(base)
            .setUrl(base + path).setReason("rank " + rank));
      }
      out.onNext(response.build());
      out.onCompleted();
    }
  }

  private final class Keys extends KeyServiceGrpc.KeyServiceImplBase {
    @Override
    public void getTitleKeys(GetTitleKeysRequest request, StreamObserver<GetTitleKeysResponse> out) {
      Map<String, byte[]> titleKeys = keys.getOrDefault(request.getTitleId(), Map.of());
      GetTitleKeysResponse.Builder response = GetTitleKeysResponse.newBuilder();
      for (String kid : request.getKeyIdsList()) {
        byte[] key = titleKeys.get(kid);
        if (key == null) {
          out.onError(Status.NOT_FOUND.withDescription("unknown key id").asRuntimeException());
          return;
        }
        response.addKeys(TitleKey.newBuilder().setKeyId(kid).setKey(ByteString.copyFrom(key)));
      }
      out.onNext(response.build());
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
