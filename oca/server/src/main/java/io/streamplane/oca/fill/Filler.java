package io.streamplane.oca.fill;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Pulls fill assets over HTTP from an origin or an upstream appliance into the store.
 *
 * <p>Each asset is written to {@code <store>/.fill/<sha256>.part}, then checked for size and sha256, synced, and
 * renamed into {@code titles/} in one atomic step, so a reader never sees a partial file. A partial file that
 * survives a restart, a lost connection or the end of a fill window is continued with a {@code Range} request the next
 * time the same asset is filled; if the source ignores the range, the copy starts over.
 */
public final class Filler {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final long PROGRESS_EVERY_BYTES = 1024 * 1024;

  private final ContentStore store;
  private final HttpClient http;
  private final Clock clock;
  private final long reserveBytes;
  private final ServingMetrics metrics;
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * @param reserveBytes free disk space that fills must leave, so that a full disk never stops serving
   */
  public Filler(ContentStore store, HttpClient http, Clock clock, long reserveBytes, ServingMetrics metrics) {
    this.store = store;
    this.http = http;
    this.clock = clock;
    this.reserveBytes = reserveBytes;
    this.metrics = metrics;
  }

  /** An asset that could not be filled from one source, or at all. */
  private static final class FillFailure extends Exception {
    final FillError error;

    FillFailure(FillError error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    /** Failures that no other source can fix. */
    boolean sourceIndependent() {
      return error == FillError.DEADLINE_EXCEEDED || error == FillError.CANCELLED || error == FillError.DISK_FULL
          || error == FillError.IO_ERROR;
    }
  }

  /** Progress shared by the assets of one fill. */
  private final class Run {
    final FillJob job;
    final Consumer<FillEvent> listener;
    final BooleanSupplier cancelled;
    final BandwidthCap cap;
    long fillBytesDone;
    int assetsFinished;

    Run(FillJob job, Consumer<FillEvent> listener, BooleanSupplier cancelled) {
      this.job = job;
      this.listener = listener;
      this.cancelled = cancelled;
      this.cap = BandwidthCap.of(job.bandwidthCapBytesPerSecond());
    }

    void emit(FillAsset asset, FillEvent.State state, long assetBytes, String source, FillError error, String message) {
      listener.accept(new FillEvent(job.fillId(), asset, state, assetBytes, source, error, message, fillBytesDone,
          job.totalBytes(), assetsFinished, job.assets().size()));
    }

    void checkTime() throws FillFailure {
      if (cancelled.getAsBoolean()) {
        throw new FillFailure(FillError.CANCELLED, "the fill was cancelled");
      }
      if (job.deadline().isPresent() && !clock.instant().isBefore(job.deadline().get())) {
        throw new FillFailure(FillError.DEADLINE_EXCEEDED, "the fill window ended; the partial copy is kept");
      }
    }
  }

  /** Fills every asset of the job in order, reporting progress; never throws for a failed asset. */
  public void run(FillJob job, Consumer<FillEvent> listener, BooleanSupplier cancelled) {
    Run run = new Run(job, listener, cancelled);
    for (FillAsset asset : job.assets()) {
      run.emit(asset, FillEvent.State.QUEUED, 0, "", null, "");
    }
    for (FillAsset asset : job.assets()) {
      fill(run, asset);
    }
  }

  private void fill(Run run, FillAsset asset) {
    Path target = store.locate(asset.path());
    Path part = store.fillDirectory().resolve(asset.sha256Hex() + ".part");
    if (!inFlight.add(part)) {
      finish(run, asset, new FillFailure(FillError.IN_PROGRESS, "another fill is writing this asset"));
      return;
    }
    try {
      if (Files.isRegularFile(target) && ContentStore.recordedSha256(target, asset.sizeBytes())
          .filter(asset.sha256Hex()::equals).isPresent()) {
        Files.deleteIfExists(part);
        run.fillBytesDone += asset.sizeBytes();
        run.assetsFinished++;
        metrics.recordFillAsset("already_present");
        run.emit(asset, FillEvent.State.ALREADY_PRESENT, asset.sizeBytes(), "", null, "");
        return;
      }
      run.checkTime();
      ensureSpace(asset, part);
      FillFailure last = null;
      for (URI source : asset.sources()) {
        try {
          copyFrom(run, asset, source, part);
          run.fillBytesDone += asset.sizeBytes();
          run.assetsFinished++;
          metrics.recordFillAsset("done");
          run.emit(asset, FillEvent.State.DONE, asset.sizeBytes(), source.toString(), null, "");
          return;
        } catch (FillFailure failure) {
          last = failure;
          if (failure.sourceIndependent()) {
            break;
          }
        }
      }
      finish(run, asset, last);
    } catch (FillFailure failure) {
      finish(run, asset, failure);
    } catch (IOException e) {
      finish(run, asset, new FillFailure(FillError.IO_ERROR, "store error: " + e.getMessage()));
    } finally {
      inFlight.remove(part);
    }
  }

  private void finish(Run run, FillAsset asset, FillFailure failure) {
    run.assetsFinished++;
    metrics.recordFillAsset(failure.error.name());
    run.emit(asset, FillEvent.State.FAILED, 0, "", failure.error, failure.getMessage());
  }

  private void ensureSpace(FillAsset asset, Path part) throws IOException, FillFailure {
    long have = Files.exists(part) ? Files.size(part) : 0;
    long needed = Math.max(0, asset.sizeBytes() - have) + reserveBytes;
    long usable = Files.getFileStore(store.fillDirectory()).getUsableSpace();
    if (usable < needed) {
      throw new FillFailure(FillError.DISK_FULL,
          "needs " + needed + " bytes of free disk (with the serving reserve), " + usable + " available");
    }
  }

  /** Copies (or continues copying) from one source, then verifies and moves the asset into place. */
  private void copyFrom(Run run, FillAsset asset, URI source, Path part) throws FillFailure, IOException {
    long resumedFrom = download(run, asset, source, part);
    if (verified(asset, part)) {
      moveIntoPlace(asset, part);
      return;
    }
    Files.deleteIfExists(part);
    if (resumedFrom > 0) {
      // The kept prefix was bad (e.g. the source changed between attempts): one more try from the first byte.
      download(run, asset, source, part);
      if (verified(asset, part)) {
        moveIntoPlace(asset, part);
        return;
      }
      Files.deleteIfExists(part);
    }
    throw new FillFailure(FillError.CHECKSUM_MISMATCH, "sha256 of the copy from " + source + " does not match");
  }

  /** Brings the partial file to the full size; returns the offset it continued from. */
  private long download(Run run, FillAsset asset, URI source, Path part) throws FillFailure, IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    if (have > asset.sizeBytes()) {
      Files.delete(part);
      have = 0;
    }
    long resumedFrom = have;
    if (have == asset.sizeBytes()) {
      return resumedFrom;
    }
    run.emit(asset, FillEvent.State.DOWNLOADING, have, source.toString(), null, "");
    HttpRequest.Builder request = HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(30)).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new FillFailure(FillError.SOURCE_UNAVAILABLE, source + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FillFailure(FillError.CANCELLED, "interrupted");
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      String contentRange = response.headers().firstValue("Content-Range").orElse("");
      if (status == 200) {
        have = 0;
        resumedFrom = 0;
      } else if (status != 206 || have == 0 || !contentRange.startsWith("bytes " + have + "-")) {
        throw new FillFailure(FillError.SOURCE_UNAVAILABLE, source + " answered " + status);
      }
      long expectedBody = asset.sizeBytes() - have;
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(expectedBody);
      if (declared != expectedBody) {
        throw new FillFailure(FillError.SIZE_MISMATCH,
            source + " sends " + declared + " bytes where " + expectedBody + " are expected");
      }
      have = copyBody(run, asset, source, body, part, have);
    }
    if (have < asset.sizeBytes()) {
      throw new FillFailure(FillError.SOURCE_UNAVAILABLE,
          source + " ended the body after " + have + " of " + asset.sizeBytes() + " bytes; the partial copy is kept");
    }
    return resumedFrom;
  }

  private long copyBody(Run run, FillAsset asset, URI source, InputStream body, Path part, long start)
      throws FillFailure, IOException {
    long have = start;
    long nextProgress = have + PROGRESS_EVERY_BYTES;
    byte[] chunk = new byte[CHUNK_BYTES];
    try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      out.truncate(have);
      out.position(have);
      while (true) {
        run.checkTime();
        int read;
        try {
          read = body.read(chunk);
        } catch (IOException e) {
          out.force(false);
          throw new FillFailure(FillError.SOURCE_UNAVAILABLE,
              source + " broke off after " + have + " bytes; the partial copy is kept");
        }
        if (read < 0) {
          break;
        }
        if (have + read > asset.sizeBytes()) {
          out.truncate(0);
          throw new FillFailure(FillError.SIZE_MISMATCH, source + " sends more than " + asset.sizeBytes() + " bytes");
        }
        write(out, chunk, read, part);
        have += read;
        metrics.recordFillBytes(read);
        try {
          run.cap.acquire(read);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FillFailure(FillError.CANCELLED, "interrupted");
        }
        if (have >= nextProgress) {
          nextProgress = have + PROGRESS_EVERY_BYTES;
          run.emit(asset, FillEvent.State.DOWNLOADING, have, source.toString(), null, "");
        }
      }
      out.force(true);
    }
    return have;
  }

  private void write(FileChannel out, byte[] chunk, int length, Path part) throws FillFailure {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException e) {
      // Most likely a full disk: give the space back so that serving is not starved.
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the write error below is the one worth reporting
      }
      throw new FillFailure(FillError.DISK_FULL, "writing the copy failed: " + e.getMessage());
    }
  }

  private static boolean verified(FillAsset asset, Path part) throws IOException {
    return Files.size(part) == asset.sizeBytes() && Sha256.of(part).equals(asset.sha256Hex());
  }

  /**
   * The verified checksum goes beside the file first (it becomes the ETag), then the file itself; both by rename, so a
   * reader sees either the old pair or the new file with its checksum.
   */
  private void moveIntoPlace(FillAsset asset, Path part) throws IOException {
    Path target = store.locate(asset.path());
    Files.createDirectories(target.getParent());
    Path checksum = store.fillDirectory().resolve(asset.sha256Hex() + ".sha256");
    Files.writeString(checksum, asset.sha256Hex() + " " + asset.sizeBytes() + "\n");
    Files.move(checksum, ContentStore.checksumFile(target), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
