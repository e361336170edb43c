package io.streamplane.oca.serve;

import io.streamplane.oca.metrics.ServingMetrics;
import io.streamplane.oca.store.ContentPath;
import io.streamplane.oca.store.ContentStore;
import io.streamplane.oca.store.RamTier;
import io.streamplane.oca.store.StoredFile;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Serves one content file: GET and HEAD, single byte ranges, conditional requests, validators and cache headers. The
 * content path is attached by the access check in front of it; hot files come from the RAM tier, others are sent from
 * disk with zero-copy transfer.
 */
public final class SegmentHandler implements HttpHandler {

  /** The validated content path of the request, attached by the access check. */
  public static final AttachmentKey<ContentPath> CONTENT_PATH = AttachmentKey.create(ContentPath.class);

  private static final HttpString ACCESS_CONTROL_ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  /**
   * Bodies up to this size (byte ranges, init segments, manifests) are answered from the RAM tier, where one copy
   * costs less than opening the file. Longer ones always go by sendfile: it hands page-cache pages to the socket
   * without copying, while writing 2 MiB from memory copies every byte into the socket (measured: 1.3–2× the CPU per
   * whole segment and a p99 of 0.4–1.1 s instead of 0.2 s, in {@code bench/nginx-compare.sh}).
   */
  static final long RAM_TIER_MAX_BODY_BYTES = 256 * 1024;

  private final ContentStore store;
  private final RamTier ramTier;
  private final ServingMetrics metrics;

  public SegmentHandler(ContentStore store, RamTier ramTier, ServingMetrics metrics) {
    this.store = store;
    this.ramTier = ramTier;
    this.metrics = metrics;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
    if (!head && !exchange.getRequestMethod().equals(Methods.GET)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      ErrorResponses.send(exchange, 405, "METHOD_NOT_ALLOWED", "only GET and HEAD are served");
      return;
    }
    ContentPath path = exchange.getAttachment(CONTENT_PATH);
    Optional<StoredFile> found = path == null || !path.servable() ? Optional.empty() : store.find(path);
    if (found.isEmpty()) {
      ErrorResponses.send(exchange, 404, "NOT_HELD", "this appliance does not hold the requested file");
      return;
    }
    StoredFile file = found.get();
    HeaderMap request = exchange.getRequestHeaders();
    HeaderMap response = exchange.getResponseHeaders();
    response.put(Headers.ETAG, file.etag());
    response.put(Headers.LAST_MODIFIED, file.lastModifiedHttp());
    response.put(Headers.CACHE_CONTROL, MediaTypes.cacheControl(path.extension()));
    response.put(Headers.ACCEPT_RANGES, "bytes");
    // Browser players fetch segments cross-origin; the token, not the origin, guards access.
    response.put(ACCESS_CONTROL_ALLOW_ORIGIN, "*");

    if (Preconditions.notModified(request.getFirst(Headers.IF_NONE_MATCH), request.getFirst(Headers.IF_MODIFIED_SINCE),
        file.etag(), file.lastModified())) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    ByteRange range = Preconditions.rangeAllowed(request.getFirst(Headers.IF_RANGE), file.etag(), file.lastModified())
        ? ByteRange.parse(request.getFirst(Headers.RANGE), file.size())
        : new ByteRange.Whole();
    long first = 0;
    long count = file.size();
    if (range instanceof ByteRange.Unsatisfiable) {
      response.put(Headers.CONTENT_RANGE, "bytes */" + file.size());
      ErrorResponses.send(exchange, 416, "RANGE_NOT_SATISFIABLE", "the requested range is outside the file");
      return;
    }
    if (range instanceof ByteRange.Partial partial) {
      first = partial.first();
      count = partial.length();
      exchange.setStatusCode(206);
      response.put(Headers.CONTENT_RANGE, "bytes " + partial.first() + "-" + partial.last() + "/" + file.size());
    }
    response.put(Headers.CONTENT_TYPE, MediaTypes.contentType(path.extension()));
    response.put(Headers.CONTENT_LENGTH, count);
    if (head) {
      exchange.endExchange();
      return;
    }
    if (count > TcpCork.WORTH_IT_ABOVE_BYTES && TcpCork.hold(exchange)) {
      metrics.recordCorked();
      exchange.addExchangeCompleteListener((done, next) -> {
        TcpCork.release(done);
        next.proceed();
      });
    }
    send(exchange, file, first, count);
  }

  private void send(HttpServerExchange exchange, StoredFile file, long first, long count) throws IOException {
    RamTier.Key key = new RamTier.Key(file.file(), file.etag());
    boolean ramTierBody = count <= RAM_TIER_MAX_BODY_BYTES;
    Optional<ByteBuffer> cached = ramTierBody ? ramTier.get(key) : Optional.empty();
    if (cached.isPresent()) {
      metrics.recordRamTier(true);
      exchange.getResponseSender().send(cached.get().position((int) first).limit((int) (first + count)));
      return;
    }
    if (ramTierBody) {
      metrics.recordRamTier(false);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file.file(), StandardOpenOption.READ);
    } catch (NoSuchFileException evicted) {
      exchange.getResponseHeaders().clear();
      ErrorResponses.send(exchange, 404, "NOT_HELD", "this appliance does not hold the requested file");
      return;
    }
    if (channel.size() != file.size()) {
      // Replaced between the lookup and the open: the headers already describe the previous version.
      channel.close();
      exchange.getResponseHeaders().clear();
      ErrorResponses.send(exchange, 503, "CONTENT_CHANGED", "the file was replaced while being served; retry");
      return;
    }
    if (ramTierBody && ramTier.recordMiss(key, file.size())) {
      ByteBuffer bytes;
      try (channel) {
        bytes = readFully(channel, file.size());
      }
      ramTier.put(key, bytes);
      exchange.getResponseSender().send(bytes.asReadOnlyBuffer().position((int) first).limit((int) (first + count)));
      return;
    }
    FileTransfer.start(exchange, channel, first, count);
  }

  private static ByteBuffer readFully(FileChannel channel, long size) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocateDirect((int) size);
    long position = 0;
    while (bytes.hasRemaining()) {
      int read = channel.read(bytes, position);
      if (read < 0) {
        throw new IOException("file shrank while loading it into the RAM tier");
      }
      position += read;
    }
    return bytes.flip();
  }
}
