package io.streamplane.oca.control;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.streamplane.oca.control.fill.FillBook;
import io.streamplane.proto.oca.v1.AnnounceTitleRequest;
import io.streamplane.proto.oca.v1.AnnounceTitleResponse;
import io.streamplane.proto.oca.v1.AppliancePlacement;
import io.streamplane.proto.oca.v1.FillServiceGrpc;
import io.streamplane.proto.oca.v1.ListFillsRequest;
import io.streamplane.proto.oca.v1.ListFillsResponse;
import io.streamplane.proto.oca.v1.TitleFillState;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The encoding farm announces published titles here; operators read placement and fill progress. */
public final class FillGrpcService extends FillServiceGrpc.FillServiceImplBase {
  private static final Pattern TITLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final CatalogMedia catalog;
  private final FillScheduler scheduler;
  private final ControlStore store;

  public FillGrpcService(CatalogMedia catalog, FillScheduler scheduler, ControlStore store) {
    this.catalog = catalog;
    this.scheduler = scheduler;
    this.store = store;
  }

  @Override
  public void announceTitle(AnnounceTitleRequest request, StreamObserver<AnnounceTitleResponse> out) {
    if (!TITLE_ID.matcher(request.getTitleId()).matches()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("INVALID_TITLE_ID: title_id must match "
          + TITLE_ID.pattern()).asRuntimeException());
      return;
    }
    try {
      catalog.refresh(request.getTitleId());
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      out.onError(switch (status.getCode()) {
        case NOT_FOUND, FAILED_PRECONDITION -> status.asRuntimeException();
        default -> Status.UNAVAILABLE.withDescription("CATALOG_UNAVAILABLE: the catalog did not answer ("
            + status.getCode() + "); announce again").asRuntimeException();
      });
      return;
    }
    Map<String, List<String>> placement = scheduler.plan();
    int placedOn = (int) placement.values().stream().filter(titles -> titles.contains(request.getTitleId())).count();
    scheduler.requestTick();
    out.onNext(AnnounceTitleResponse.newBuilder().setPlacedOn(placedOn).build());
    out.onCompleted();
  }

  @Override
  public void listFills(ListFillsRequest request, StreamObserver<ListFillsResponse> out) {
    ListFillsResponse.Builder response = ListFillsResponse.newBuilder();
    store.loadPlacements().forEach((id, titles) -> response.addPlacements(
        AppliancePlacement.newBuilder().setApplianceId(id).addAllTitleIds(titles)));
    for (FillBook.TitleFill f : store.loadFills()) {
      response.addFills(TitleFillState.newBuilder().setApplianceId(f.applianceId()).setTitleId(f.titleId())
          .setState(f.state().name()).setBytesDone(f.bytesDone()).setBytesTotal(f.bytesTotal())
          .setFailures(f.failures()).setNextAttemptEpochMs(f.nextAttemptAt().toEpochMilli())
          .setLastError(f.lastError()).setUpdatedEpochMs(f.updatedAt().toEpochMilli()));
    }
    out.onNext(response.build());
    out.onCompleted();
  }
}
