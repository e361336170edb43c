package io.streamplane.registry.http;

import io.streamplane.platform.errors.ServiceException;
import io.streamplane.registry.access.PublishTokens;
import io.streamplane.registry.review.Results;
import io.streamplane.registry.review.SchemaRegistry;
import io.streamplane.registry.store.SupergraphVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The registry's HTTP API (JSON), used by subgraphs, gateways, the CLI and the reviewers' page. */
@RestController
@RequestMapping("/api/graphs/{graph}")
public class RegistryController {
  private static final int MAX_WAIT_SECONDS = 60;
  private final SchemaRegistry registry;
  private final RegistryQueries queries;
  private final PublishTokens tokens;
  /** Set when the service starts shutting down: long polls answer at once instead of holding the shutdown up. */
  private volatile boolean closing;

  public RegistryController(SchemaRegistry registry, RegistryQueries queries, PublishTokens tokens) {
    this.registry = registry;
    this.queries = queries;
    this.tokens = tokens;
  }

  public record PublishRequest(String sdl, String routingUrl, String revision) {}

  public record CheckRequest(String sdl) {}

  public record RollbackRequest(Integer version) {}

  /**
   * A gateway's usage report for the window {@code windowStart}..{@code windowEnd}; {@code sampleRate} (default 1) is
   * the share of requests it counted, its counts already scaled up; {@code sampled} says the same for readers.
   */
  public record UsageReport(List<SchemaRegistry.ReportedOperation> operations, Double sampleRate, Boolean sampled,
      String windowStart, String windowEnd) {}

  @PostMapping("/subgraphs/{subgraph}/publish")
  public Results.PublishResult publish(@PathVariable String graph, @PathVariable String subgraph,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody PublishRequest request) {
    tokens.authorizePublish(graph, subgraph, PublishTokens.bearer(authorization));
    return registry.publish(graph, subgraph, request.sdl(), request.routingUrl(), request.revision());
  }

  @PostMapping("/subgraphs/{subgraph}/check")
  public Results.CheckResult check(@PathVariable String graph, @PathVariable String subgraph,
      @RequestBody CheckRequest request) {
    return registry.check(graph, subgraph, request.sdl());
  }

  @PostMapping("/rollback")
  public Results.PublishResult rollback(@PathVariable String graph,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody RollbackRequest request) {
    tokens.authorizeRollback(graph, PublishTokens.bearer(authorization));
    if (request.version() == null || request.version() < 1) {
      throw ServiceException.badInput("version must be a positive number");
    }
    return registry.rollback(graph, request.version());
  }

  @PostMapping("/usage")
  public Map<String, Integer> usage(@PathVariable String graph, @RequestBody UsageReport report) {
    if (report.operations() == null) {
      throw ServiceException.badInput("operations is required");
    }
    double rate = report.sampleRate() == null ? 1.0 : report.sampleRate();
    if (Boolean.TRUE.equals(report.sampled()) && rate >= 1) {
      throw ServiceException.badInput("a sampled report needs its sampleRate, below 1");
    }
    return Map.of("fieldUsesRecorded", registry.recordUsage(graph, report.operations(), rate));
  }

  /**
   * The live supergraph SDL. Gateways send {@code If-None-Match} with the ETag they run and may wait up to
   * {@code waitSeconds} for a newer version (long poll): 304 when nothing changed in that time.
   */
  @GetMapping("/supergraph")
  public ResponseEntity<String> supergraph(@PathVariable String graph,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      @RequestParam(defaultValue = "0") int waitSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + Math.min(Math.max(waitSeconds, 0), MAX_WAIT_SECONDS) * 1_000_000_000L;
    while (true) {
      Optional<SupergraphVersion> live = registry.live(graph);
      if (live.isEmpty()) {
        throw ServiceException.notFound("graph " + graph + " has no supergraph yet: publish a subgraph first");
      }
      String etag = "\"v" + live.get().version() + "\"";
      if (!etag.equals(ifNoneMatch)) {
        return ResponseEntity.ok().eTag(etag).contentType(MediaType.TEXT_PLAIN)
            .header("X-Supergraph-Version", Integer.toString(live.get().version()))
            .body(live.get().supergraphSdl());
      }
      if (System.nanoTime() >= deadline || closing) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
      }
      Thread.sleep(500);
    }
  }

  @EventListener(ContextClosedEvent.class)
  void closing() {
    closing = true;
  }

  @GetMapping("/versions")
  public List<RegistryQueries.VersionSummary> versions(@PathVariable String graph,
      @RequestParam(defaultValue = "50") int limit) {
    return queries.versions(graph, limit);
  }

  @GetMapping("/versions/{version}")
  public SupergraphVersion version(@PathVariable String graph, @PathVariable int version) {
    return queries.version(graph, version);
  }

  @GetMapping("/diff")
  public List<Results.Change> diff(@PathVariable String graph, @RequestParam int from, @RequestParam int to) {
    return registry.diff(graph, from, to);
  }

  @GetMapping("/subgraphs")
  public List<RegistryQueries.SubgraphSummary> subgraphs(@PathVariable String graph) {
    return queries.subgraphs(graph);
  }

  @GetMapping("/failed-publishes")
  public List<Map<String, Object>> failedPublishes(@PathVariable String graph) {
    return queries.failedPublishes(graph);
  }

  @GetMapping("/checks")
  public List<Map<String, Object>> checks(@PathVariable String graph) {
    return queries.checks(graph);
  }
}
