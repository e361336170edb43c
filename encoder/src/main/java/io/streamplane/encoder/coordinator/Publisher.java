package io.streamplane.encoder.coordinator;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.streamplane.encoder.jobs.TaskPayloads;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.TitleAssets;
import io.streamplane.proto.catalog.v1.UpsertTitleAssetsRequest;
import io.streamplane.proto.oca.v1.AnnounceTitleRequest;
import io.streamplane.proto.oca.v1.FillServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the catalog that a title's assets exist (every published file with kind, size and SHA-256) and then the OCA
 * control plane that the title can be placed. Either channel may be absent (not configured). Calls carry deadlines and
 * are retried a few times with backoff: the catalog may be restarting.
 */
public final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /** The catalog could not be told. */
    public static final class PublishException extends Exception {
        PublishException(String message) {
            super(message);
        }
    }

    private final ManagedChannel catalog;
    private final ManagedChannel controlPlane;
    private final int attempts;
    private final Duration backoff;

    public Publisher(ManagedChannel catalog, ManagedChannel controlPlane, int attempts, Duration backoff) {
        this.catalog = catalog;
        this.controlPlane = controlPlane;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** Returns a warning when only the control plane could not be told (the title is still published). */
    String publish(String titleId, String keyId, List<TaskPayloads.PublishedFile> files) throws PublishException {
        if (catalog != null) {
            TitleAssets.Builder assets = TitleAssets.newBuilder().setTitleId(titleId)
                    .setUpdatedEpochMs(System.currentTimeMillis());
            if (keyId != null) {
                assets.setKeyId(keyId);
            }
            for (TaskPayloads.PublishedFile f : files) {
                assets.addAssets(MediaAsset.newBuilder().setId(f.path()).setKind(f.kind()).setPath(f.path())
                        .setCodec(f.codec()).setWidth(f.width()).setHeight(f.height()).setBitrateBps(f.bitrateBps())
                        .setSizeBytes(f.sizeBytes()).setSha256(f.sha256()).setVmaf(f.vmaf()));
            }
            UpsertTitleAssetsRequest request = UpsertTitleAssetsRequest.newBuilder().setAssets(assets).build();
            String error = call("catalog UpsertTitleAssets", () -> CatalogServiceGrpc.newBlockingStub(catalog)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).upsertTitleAssets(request));
            if (error != null) {
                throw new PublishException(error);
            }
        }
        if (controlPlane != null) {
            String error = call("control plane AnnounceTitle", () -> FillServiceGrpc.newBlockingStub(controlPlane)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .announceTitle(AnnounceTitleRequest.newBuilder().setTitleId(titleId).build()));
            if (error != null) {
                return "the OCA control plane was not told: " + error;
            }
        }
        return null;
    }

    private static boolean worthRetrying(io.grpc.Status.Code code) {
        return code == io.grpc.Status.Code.UNAVAILABLE || code == io.grpc.Status.Code.DEADLINE_EXCEEDED
                || code == io.grpc.Status.Code.RESOURCE_EXHAUSTED || code == io.grpc.Status.Code.ABORTED;
    }

    /** Null on success, else the last error. */
    private String call(String what, Runnable call) {
        String error = null;
        for (int i = 0; i < attempts; i++) {
            try {
                call.run();
                return null;
            } catch (StatusRuntimeException e) {
                error = what + ": " + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                        : " " + e.getStatus().getDescription());
                log.info("{} (attempt {} of {})", error, i + 1, attempts);
                if (!worthRetrying(e.getStatus().getCode())) {
                    return error;  // a refusal (e.g. INVALID_ARGUMENT) does not change on retry
                }
                if (i + 1 < attempts) {
                    try {
                        Thread.sleep(backoff.toMillis() << i);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return what + ": interrupted";
                    }
                }
            }
        }
        return error;
    }
}
