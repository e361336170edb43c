package io.streamplane.catalog.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.streamplane.catalog.CatalogServiceTestBase;
import io.streamplane.catalog.model.Title;
import io.streamplane.platform.grpc.GrpcServer;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BatchGetTitlesResponse;
import io.streamplane.proto.catalog.v1.BrowseRequest;
import io.streamplane.proto.catalog.v1.BrowseResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.TitleAssets;
import io.streamplane.proto.catalog.v1.UpsertTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.UpsertTitleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The CatalogService contract over real gRPC (Netty, loopback), as internal callers use it. */
class CatalogGrpcTest extends CatalogServiceTestBase {
  @Autowired GrpcServer server;
  private ManagedChannel channel;
  private CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

  @BeforeEach
  void connect() {
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    catalog = CatalogServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
  }

  @Test
  void batchGetReturnsVisibleTitlesAndNamesTheRest() {
    Title usTitle = DEMO.stream().filter(t -> visibleIn(t, "US")).findFirst().orElseThrow();
    Title gbOnly = DEMO.stream().filter(t -> visibleIn(t, "GB") && !visibleIn(t, "US")).findFirst().orElseThrow();
    BatchGetTitlesResponse response = catalog.batchGetTitles(BatchGetTitlesRequest.newBuilder()
        .addIds(usTitle.id()).addIds("3").addIds(gbOnly.id()).addIds(usTitle.id()).build());
    assertEquals(List.of(usTitle.id()), response.getTitlesList().stream().map(t -> t.getId()).toList());
    assertEquals(usTitle.name(), response.getTitles(0).getName());
    assertEquals(usTitle.credits().size(), response.getTitles(0).getCreditsCount());
    assertEquals(List.of("3", gbOnly.id()), response.getNotFoundIdsList());

    BatchGetTitlesResponse inGb = catalog.batchGetTitles(BatchGetTitlesRequest.newBuilder()
        .addIds(gbOnly.id()).setCountry("gb").build());
    assertEquals(gbOnly.id(), inGb.getTitles(0).getId());
  }

  @Test
  void badRequestsAreInvalidArgument() {
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      tooMany.add(Integer.toString(80_000_000 + i));
    }
    for (BatchGetTitlesRequest bad : List.of(BatchGetTitlesRequest.newBuilder().addIds("x").build(),
        BatchGetTitlesRequest.newBuilder().addAllIds(tooMany).build(),
        BatchGetTitlesRequest.newBuilder().addIds("80000001").setCountry("Narnia").build())) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> catalog.batchGetTitles(bad));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }
    StatusRuntimeException browse = assertThrows(StatusRuntimeException.class,
        () -> catalog.browse(BrowseRequest.newBuilder().setFirst(1000).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, browse.getStatus().getCode());
    StatusRuntimeException upsert = assertThrows(StatusRuntimeException.class,
        () -> catalog.upsertTitle(UpsertTitleRequest.getDefaultInstance()));
    assertEquals(Status.Code.INVALID_ARGUMENT, upsert.getStatus().getCode());
  }

  @Test
  void browsePagesWithCursors() {
    BrowseResponse first = catalog.browse(BrowseRequest.newBuilder().setGenreId("drama").setFirst(5).build());
    assertEquals(5, first.getTitlesCount());
    assertTrue(first.getHasNextPage());
    BrowseResponse second = catalog.browse(BrowseRequest.newBuilder().setGenreId("drama").setFirst(5)
        .setAfter(first.getEndCursor()).build());
    for (int i = 1; i < 5; i++) {
      assertTrue(first.getTitles(i - 1).getPopularity() >= first.getTitles(i).getPopularity());
    }
    assertTrue(first.getTitles(4).getPopularity() >= second.getTitles(0).getPopularity());
    assertFalse(first.getTitlesList().stream().anyMatch(t -> t.getId().equals(second.getTitles(0).getId())));
  }

  @Test
  void theEncodingFarmAttachesAssetsAndPlaybackReadsThem() {
    String titleId = DEMO.get(5).id();
    TitleAssets assets = TitleAssets.newBuilder().setTitleId(titleId).setKeyId("00112233445566778899aabbccddeeff")
        .addAssets(MediaAsset.newBuilder().setId("manifest").setKind("DASH_MANIFEST").setPath("manifest.mpd"))
        .addAssets(MediaAsset.newBuilder().setId("video/h264/720p").setKind("VIDEO").setPath("video/720p/init.mp4")
            .setCodec("avc1.64001f").setWidth(1280).setHeight(720).setBitrateBps(3_000_000).setVmaf(93.2))
        .build();
    catalog.upsertTitleAssets(UpsertTitleAssetsRequest.newBuilder().setAssets(assets).build());
    TitleAssets read = catalog.getTitleAssets(GetTitleAssetsRequest.newBuilder().setTitleId(titleId).build());
    assertEquals(assets.getAssetsList(), read.getAssetsList());
    assertEquals("00112233445566778899aabbccddeeff", read.getKeyId());

    StatusRuntimeException traversal = assertThrows(StatusRuntimeException.class, () -> catalog.upsertTitleAssets(
        UpsertTitleAssetsRequest.newBuilder().setAssets(assets.toBuilder().setAssets(0,
            assets.getAssets(0).toBuilder().setPath("../../etc/passwd"))).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, traversal.getStatus().getCode());
    StatusRuntimeException unknownTitle = assertThrows(StatusRuntimeException.class, () -> catalog.upsertTitleAssets(
        UpsertTitleAssetsRequest.newBuilder().setAssets(assets.toBuilder().setTitleId("4")).build()));
    assertEquals(Status.Code.NOT_FOUND, unknownTitle.getStatus().getCode());
    StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
        () -> catalog.getTitleAssets(GetTitleAssetsRequest.newBuilder().setTitleId(DEMO.get(6).id()).build()));
    assertEquals(Status.Code.NOT_FOUND, none.getStatus().getCode());
  }

  @Test
  void fillPlacementSeesUpcomingReleasesThatViewersDoNot() {
    java.time.Instant now = java.time.Instant.now();
    Title upcoming = DEMO.stream().filter(t -> !visibleIn(t, "US") && t.availability().stream()
        .anyMatch(w -> w.country().equals("US") && w.from().isAfter(now.plusSeconds(3600)))).findFirst().orElseThrow();
    List<String> forViewers = walk(false);
    List<String> forPlacement = walk(true);
    assertFalse(forViewers.contains(upcoming.id()));
    assertTrue(forPlacement.contains(upcoming.id()));
    assertTrue(forPlacement.containsAll(forViewers));
    var placed = catalog.browse(BrowseRequest.newBuilder().setFirst(100).setIncludeUpcoming(true).build());
    assertTrue(placed.getTitlesList().stream().allMatch(t -> t.getPopularity() > 0), "upcoming titles keep popularity");
  }

  private List<String> walk(boolean includeUpcoming) {
    List<String> ids = new ArrayList<>();
    String after = "";
    do {
      BrowseResponse page = catalog.browse(BrowseRequest.newBuilder().setFirst(100).setAfter(after)
          .setIncludeUpcoming(includeUpcoming).build());
      page.getTitlesList().forEach(t -> ids.add(t.getId()));
      after = page.getHasNextPage() ? page.getEndCursor() : "";
    } while (!after.isEmpty());
    return ids;
  }

  @Test
  void upsertTitleRoundTripsThroughTheContract() {
    Title source = DEMO.stream().filter(t -> !t.seasons().isEmpty()).findFirst().orElseThrow();
    var proto = catalog.batchGetTitles(BatchGetTitlesRequest.newBuilder().addIds(source.id()).setCountry(
        source.availability().get(0).country()).build()).getTitles(0);
    var copy = proto.toBuilder().setId("88000001").setName("Copied Over gRPC").build();
    StatusRuntimeException taken = assertThrows(StatusRuntimeException.class,
        () -> catalog.upsertTitle(UpsertTitleRequest.newBuilder().setTitle(copy).build()));
    assertEquals(Status.Code.ABORTED, taken.getStatus().getCode(), "another show's episodes");

    var movie = copy.toBuilder().clearSeasons().setKind(io.streamplane.proto.catalog.v1.TitleKind.TITLE_KIND_MOVIE)
        .build();
    var written = catalog.upsertTitle(UpsertTitleRequest.newBuilder().setTitle(movie).build());
    assertEquals(movie.getName(), written.getName());
    assertEquals(movie.getCreditsList(), written.getCreditsList());
    assertEquals(movie.getAvailabilityList(), written.getAvailabilityList());
  }

  @Test
  void anExpiredDeadlineIsReportedAsSuch() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> CatalogServiceGrpc
        .newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.NANOSECONDS)
        .batchGetTitles(BatchGetTitlesRequest.newBuilder().addIds("80000001").build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
  }
}
