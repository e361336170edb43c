package io.streamplane.registry.review;

import io.streamplane.federation.compose.ApiSchema;
import io.streamplane.federation.compose.CompositionResult;
import io.streamplane.federation.compose.Composer;
import io.streamplane.federation.compose.SubgraphSource;
import io.streamplane.federation.diff.Criticality;
import io.streamplane.federation.diff.SchemaChange;
import io.streamplane.federation.diff.SchemaDiff;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.registry.review.Results.AffectedOperation;
import io.streamplane.registry.review.Results.Change;
import io.streamplane.registry.review.Results.CheckResult;
import io.streamplane.registry.review.Results.Problem;
import io.streamplane.registry.review.Results.PublishResult;
import io.streamplane.registry.review.Results.Verdict;
import io.streamplane.registry.store.RegistryStore;
import io.streamplane.registry.store.SupergraphVersion;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publish, check, roll back and compare supergraphs. The live supergraph only ever changes to one that composed; two
 * publishes racing for the same version are serialised by the store's lightweight transaction and the loser is
 * recomposed on top of the winner, so neither is lost.
 */
public final class SchemaRegistry {
  public static final int MAX_SDL_BYTES = 1 << 20;
  public static final int USAGE_WINDOW_DAYS = 7;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._:@/-]{0,100}");
  private static final int MAX_RACES = 20;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RegistryStore store;
  private final Clock clock;

  public SchemaRegistry(RegistryStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public PublishResult publish(String graph, String subgraph, String sdl, String routingUrl, String revision) {
    validate(graph, subgraph, sdl);
    if (routingUrl == null || !validUrl(routingUrl)) {
      throw ServiceException.badInput("routingUrl must be an absolute http(s) URL");
    }
    String rev = revision == null ? "" : revision;
    if (!REVISION.matcher(rev).matches()) {
      throw ServiceException.badInput("revision may hold up to 100 of [A-Za-z0-9._:@/-]");
    }
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<SupergraphVersion> live = store.live(graph);
      if (live.isPresent() && sdl.equals(live.get().subgraphSdls().get(subgraph))
          && routingUrl.equals(live.get().routingUrls().get(subgraph))) {
        return new PublishResult(subgraph, false, live.get().version(), List.of(), List.of(),
            "unchanged: the live supergraph already has this schema");
      }
      Map<String, String> sdls = new HashMap<>(live.map(SupergraphVersion::subgraphSdls).orElse(Map.of()));
      Map<String, String> urls = new HashMap<>(live.map(SupergraphVersion::routingUrls).orElse(Map.of()));
      Map<String, String> revisions = new HashMap<>(live.map(SupergraphVersion::revisions).orElse(Map.of()));
      sdls.put(subgraph, sdl);
      urls.put(subgraph, routingUrl);
      revisions.put(subgraph, rev);
      CompositionResult composed = compose(sdls, urls);
      if (!composed.succeeded()) {
        List<Problem> problems = composed.errors().stream().map(Problem::of).toList();
        store.recordFailedPublish(graph, subgraph, rev, JSON.writeValueAsString(problems));
        return new PublishResult(subgraph, false, live.map(SupergraphVersion::version).orElse(null), problems,
            List.of(), "not published: the live supergraph is unchanged");
      }
      int next = live.map(v -> v.version() + 1).orElse(1);
      SupergraphVersion candidate = new SupergraphVersion(next, composed.supergraphSdl().orElseThrow(), sdls, urls,
          revisions, "publish " + subgraph + (rev.isEmpty() ? "" : "@" + rev), clock.instant());
      if (store.insertIfAbsent(graph, candidate)) {
        List<Change> changes = live.map(v -> diff(v.supergraphSdl(), candidate.supergraphSdl(), graph))
            .orElse(List.of());
        return new PublishResult(subgraph, true, next, List.of(), changes, "published as version " + next);
      }
      // Another publish took this version first: compose again on top of it.
    }
    throw new ServiceException(ErrorCode.CONFLICT, "too many concurrent publishes, try again");
  }

  public CheckResult check(String graph, String subgraph, String sdl) {
    validate(graph, subgraph, sdl);
    Optional<SupergraphVersion> live = store.live(graph);
    Map<String, String> sdls = new HashMap<>(live.map(SupergraphVersion::subgraphSdls).orElse(Map.of()));
    Map<String, String> urls = new HashMap<>(live.map(SupergraphVersion::routingUrls).orElse(Map.of()));
    sdls.put(subgraph, sdl);
    urls.putIfAbsent(subgraph, "http://unpublished.invalid/graphql");
    CompositionResult composed = compose(sdls, urls);
    CheckResult result;
    if (!composed.succeeded()) {
      result = new CheckResult(subgraph, Verdict.FAILED, composed.errors().stream().map(Problem::of).toList(),
          List.of(), USAGE_WINDOW_DAYS);
    } else {
      List<Change> changes = live.map(v -> diff(v.supergraphSdl(), composed.supergraphSdl().orElseThrow(), graph))
          .orElse(List.of());
      boolean breaks = changes.stream().anyMatch(c -> c.effective().equals(Criticality.BREAKING.name()));
      result = new CheckResult(subgraph, breaks ? Verdict.BREAKING : Verdict.SAFE, List.of(), changes,
          USAGE_WINDOW_DAYS);
    }
    store.recordCheck(graph, subgraph, result.verdict().name(), JSON.writeValueAsString(result));
    return result;
  }

  /** Makes an earlier version live again, as a new version (history is never rewritten). */
  public PublishResult rollback(String graph, int toVersion) {
    requireName(graph, "graph");
    for (int race = 0; race < MAX_RACES; race++) {
      SupergraphVersion target = store.version(graph, toVersion)
          .orElseThrow(() -> ServiceException.notFound("graph " + graph + " has no version " + toVersion));
      SupergraphVersion live = store.live(graph).orElseThrow();
      int next = live.version() + 1;
      SupergraphVersion copy = new SupergraphVersion(next, target.supergraphSdl(), target.subgraphSdls(),
          target.routingUrls(), target.revisions(), "rollback to " + toVersion, clock.instant());
      if (store.insertIfAbsent(graph, copy)) {
        return new PublishResult("", true, next, List.of(),
            diff(live.supergraphSdl(), copy.supergraphSdl(), graph), "version " + toVersion + " is live again as "
            + next);
      }
    }
    throw new ServiceException(ErrorCode.CONFLICT, "too many concurrent publishes, try again");
  }

  /** The classified changes of the client schema from one version to another. */
  public List<Change> diff(String graph, int from, int to) {
    requireName(graph, "graph");
    SupergraphVersion a = store.version(graph, from)
        .orElseThrow(() -> ServiceException.notFound("graph " + graph + " has no version " + from));
    SupergraphVersion b = store.version(graph, to)
        .orElseThrow(() -> ServiceException.notFound("graph " + graph + " has no version " + to));
    return diff(a.supergraphSdl(), b.supergraphSdl(), graph);
  }

  public Optional<SupergraphVersion> live(String graph) {
    requireName(graph, "graph");
    return store.live(graph);
  }

  /**
   * One operation of a gateway's usage report: the hash of its normalised document (its operation signature), its
   * name, the schema coordinates it reads and how often it ran in the report's window (scaled up when sampled).
   */
  public record ReportedOperation(String operationHash, String operationName, List<String> fields, long count) {}

  /**
   * Records a usage report.
   *
   * @param sampleRate the share of requests the gateway counted, in (0, 1]; below 1 the counts are estimates
   */
  public int recordUsage(String graph, List<ReportedOperation> operations, double sampleRate) {
    requireName(graph, "graph");
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw ServiceException.badInput("sampleRate is the share of requests counted: a number in (0, 1]");
    }
    if (operations.size() > 10_000) {
      throw ServiceException.badInput("at most 10,000 operations per report");
    }
    List<RegistryStore.FieldUse> uses = new ArrayList<>();
    for (ReportedOperation op : operations) {
      if (op == null || op.operationHash() == null || !op.operationHash().matches("[0-9a-f]{8,64}")
          || op.count() < 1 || op.fields() == null || op.fields().size() > 2_000) {
        throw ServiceException.badInput("each operation needs a hex hash, a count >= 1 and at most 2,000 fields");
      }
      String name = op.operationName() == null ? "" : op.operationName();
      for (String field : op.fields()) {
        if (field == null || !field.matches("[_A-Za-z][_0-9A-Za-z]*\\.[_A-Za-z][_0-9A-Za-z]*")) {
          throw ServiceException.badInput("fields are schema coordinates such as Title.name, got '" + field + "'");
        }
        uses.add(new RegistryStore.FieldUse(field, op.operationHash(), name, op.count(), 0));
      }
    }
    boolean sampled = sampleRate < 1;
    for (int from = 0; from < uses.size(); from += 100) {  // counter batches stay small
      store.addUsage(graph, RegistryStore.today(clock.instant()), uses.subList(from, Math.min(uses.size(), from + 100)),
          sampled);
    }
    return uses.size();
  }

  private List<Change> diff(String oldSupergraph, String newSupergraph, String graph) {
    List<SchemaChange> changes;
    GraphQLSchema oldApi;
    try {
      oldApi = ApiSchema.fromSupergraph(oldSupergraph).schema();
      changes = SchemaDiff.between(oldApi, ApiSchema.fromSupergraph(newSupergraph).schema());
    } catch (ApiSchema.InvalidSupergraphException e) {
      throw new IllegalStateException("a stored supergraph no longer parses", e);
    }
    Instant now = clock.instant();
    List<Change> classified = new ArrayList<>();
    for (SchemaChange change : changes) {
      if (change.criticality() != Criticality.BREAKING) {
        classified.add(Change.of(change, change.criticality().name(), List.of(), null));
        continue;
      }
      if (!tracksUsage(oldApi, change.coordinate())) {
        classified.add(Change.of(change, Criticality.BREAKING.name(), List.of(), "gateways report the output fields "
            + "operations read, not arguments, input fields or enum values: treated as breaking"));
        continue;
      }
      List<AffectedOperation> affected = store.usageSince(graph, usageCoordinate(change.coordinate()),
              RegistryStore.today(now).minusDays(USAGE_WINDOW_DAYS - 1)).stream()
          .map(u -> new AffectedOperation(u.operationName(), u.operationHash(), u.count(), u.estimated())).toList();
      if (affected.isEmpty()) {
        classified.add(Change.of(change, Criticality.SAFE.name(), affected,
            "no operation used " + change.coordinate() + " in the last " + USAGE_WINDOW_DAYS + " days: safe to ship"));
      } else {
        classified.add(Change.of(change, Criticality.BREAKING.name(), affected, breaksNote(affected)));
      }
    }
    return classified;
  }

  /** "breaks 3 operations seen 1,204 times in 7 days", saying when the figure is estimated from sampled reports. */
  static String breaksNote(List<AffectedOperation> affected) {
    long uses = affected.stream().mapToLong(AffectedOperation::count).sum();
    long estimated = affected.stream().mapToLong(AffectedOperation::estimated).sum();
    String note = String.format(Locale.ROOT, "breaks %,d operation%s seen %,d time%s in %d days", affected.size(),
        affected.size() == 1 ? "" : "s", uses, uses == 1 ? "" : "s", USAGE_WINDOW_DAYS);
    if (estimated == uses) {
      note += " (estimated from sampled usage reports)";
    } else if (estimated > 0) {
      note += String.format(Locale.ROOT, " (%,d of them estimated from sampled usage reports)", estimated);
    }
    return note;
  }

  /** Usage is recorded per field ({@code Type.field}); argument coordinates ({@code Type.field(arg:)}) map to it. */
  static String usageCoordinate(String coordinate) {
    int paren = coordinate.indexOf('(');
    return paren < 0 ? coordinate : coordinate.substring(0, paren);
  }

  /** Whether gateways' usage reports can show who uses this coordinate: fields of object and interface types. */
  static boolean tracksUsage(GraphQLSchema api, String coordinate) {
    int dot = coordinate.indexOf('.');
    if (dot < 0 || coordinate.indexOf('(') >= 0) {
      return false;
    }
    return api.getType(coordinate.substring(0, dot)) instanceof GraphQLFieldsContainer;
  }

  private static CompositionResult compose(Map<String, String> sdls, Map<String, String> urls) {
    List<SubgraphSource> sources = new ArrayList<>();
    sdls.keySet().stream().sorted().forEach(name -> sources.add(new SubgraphSource(name, urls.get(name),
        sdls.get(name))));
    return Composer.compose(sources);
  }

  private static void validate(String graph, String subgraph, String sdl) {
    requireName(graph, "graph");
    requireName(subgraph, "subgraph");
    if (sdl == null || sdl.isBlank()) {
      throw ServiceException.badInput("sdl is required");
    }
    if (sdl.length() > MAX_SDL_BYTES) {
      throw ServiceException.badInput("sdl is limited to " + MAX_SDL_BYTES + " characters");
    }
  }

  private static void requireName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ServiceException.badInput(what + " names match [a-z][a-z0-9-]{0,62}");
    }
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
