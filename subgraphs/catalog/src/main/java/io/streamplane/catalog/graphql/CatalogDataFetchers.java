package io.streamplane.catalog.graphql;

import com.netflix.graphql.dgs.DgsComponent;
import com.netflix.graphql.dgs.DgsData;
import com.netflix.graphql.dgs.DgsDataFetchingEnvironment;
import com.netflix.graphql.dgs.DgsEntityFetcher;
import com.netflix.graphql.dgs.DgsMutation;
import com.netflix.graphql.dgs.DgsQuery;
import com.netflix.graphql.dgs.InputArgument;
import com.netflix.graphql.dgs.context.DgsContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.ResultPath;
import io.streamplane.catalog.browse.BrowsePager;
import io.streamplane.catalog.model.Artwork;
import io.streamplane.catalog.model.ArtworkKind;
import io.streamplane.catalog.model.Credit;
import io.streamplane.catalog.model.CreditRole;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.Ids;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.query.Catalog;
import io.streamplane.catalog.query.TitleValidation;
import io.streamplane.catalog.store.Loaded;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;

/** The catalog's GraphQL edge: argument checks, then {@link Catalog} and the DataLoaders. */
@DgsComponent
public class CatalogDataFetchers {
  static final String OPERATOR_ROLE = "catalog-operator";

  private final Catalog catalog;
  private final Duration timeout;

  public CatalogDataFetchers(Catalog catalog, CatalogGraphqlSettings settings) {
    this.catalog = catalog;
    this.timeout = settings.storeTimeout();
  }

  // ------------------------------------------------------------------ queries

  @DgsQuery
  public CompletableFuture<Title> title(@InputArgument String id, DgsDataFetchingEnvironment env) {
    return visibleTitle(Ids.require(id, "title"), env);
  }

  @DgsQuery
  public CompletableFuture<DataFetcherResult<List<Title>>> titles(@InputArgument List<String> ids,
      DgsDataFetchingEnvironment env) {
    Catalog.validateIds(ids, Catalog.MAX_IDS);
    String country = caller(env).country();
    DataLoader<String, Loaded<Title>> loader = titleLoader(env);
    return loader.loadMany(ids).thenApply(loaded -> {
      List<Title> data = new ArrayList<>(ids.size());
      DataFetcherResult.Builder<List<Title>> result = DataFetcherResult.newResult();
      for (int i = 0; i < ids.size(); i++) {
        try {
          data.add(catalog.requireVisible(ids.get(i), loaded.get(i), country));
        } catch (ServiceException e) {
          data.add(null);
          result.error(GraphqlErrorBuilder.newError(env)
              .path(ResultPath.fromList(append(env.getExecutionStepInfo().getPath().toList(), i)))
              .message(e.getMessage())
              .extensions(Map.of("code", e.code().name()))
              .build());
        }
      }
      return result.data(data).build();
    });
  }

  @DgsQuery
  public CompletableFuture<Episode> episode(@InputArgument String id, DgsDataFetchingEnvironment env) {
    return visibleEpisode(Ids.require(id, "episode"), env);
  }

  @DgsQuery
  public List<Genre> genres() {
    return catalog.store().genres(timeout);
  }

  @DgsQuery
  public Views.TitleConnection browse(@InputArgument String genre, @InputArgument Integer first,
      @InputArgument String after, DgsDataFetchingEnvironment env) {
    BrowsePager.Page page = catalog.browse(genre, first, after, caller(env).country(), timeout);
    return new Views.TitleConnection(
        page.edges().stream().map(e -> new Views.TitleEdge(e.cursor(), e.title())).toList(),
        new Views.PageInfo(page.hasNextPage(), page.endCursor()));
  }

  @DgsQuery
  public List<Views.SearchHit> search(@InputArgument String text, @InputArgument Integer first,
      DgsDataFetchingEnvironment env) {
    return catalog.search(text, first, caller(env).country(), timeout).stream()
        .map(r -> new Views.SearchHit(r.score(), r.title()))
        .toList();
  }

  // ------------------------------------------------------------------ federation entities

  @DgsEntityFetcher(name = "Title")
  public CompletableFuture<Title> titleEntity(Map<String, Object> representation, DgsDataFetchingEnvironment env) {
    return visibleTitle(Ids.require(String.valueOf(representation.get("id")), "title"), env);
  }

  @DgsEntityFetcher(name = "Episode")
  public CompletableFuture<Episode> episodeEntity(Map<String, Object> representation, DgsDataFetchingEnvironment env) {
    return visibleEpisode(Ids.require(String.valueOf(representation.get("id")), "episode"), env);
  }

  // ------------------------------------------------------------------ fields

  @DgsData(parentType = "Title", field = "cast")
  public List<Credit> cast(DgsDataFetchingEnvironment env) {
    return env.<Title>getSource().credits().stream().filter(c -> c.role() == CreditRole.ACTOR).toList();
  }

  @DgsData(parentType = "Title", field = "crew")
  public List<Credit> crew(DgsDataFetchingEnvironment env) {
    return env.<Title>getSource().credits().stream().filter(c -> c.role() != CreditRole.ACTOR).toList();
  }

  @DgsData(parentType = "Title", field = "artwork")
  public List<Artwork> artwork(@InputArgument String kind, @InputArgument List<String> tags,
      DgsDataFetchingEnvironment env) {
    ArtworkKind wanted = kind == null ? null : ArtworkKind.valueOf(kind);
    return env.<Title>getSource().artwork().stream()
        .filter(a -> wanted == null || a.kind() == wanted)
        .filter(a -> tags == null || a.tags().containsAll(tags))
        .toList();
  }

  @DgsData(parentType = "Credit", field = "person")
  public Views.Person person(DgsDataFetchingEnvironment env) {
    Credit credit = env.getSource();
    return new Views.Person(credit.personId(), credit.name());
  }

  @DgsData(parentType = "Episode", field = "show")
  public CompletableFuture<Title> show(DgsDataFetchingEnvironment env) {
    return visibleTitle(env.<Episode>getSource().titleId(), env);
  }

  // ------------------------------------------------------------------ mutations

  @DgsMutation
  public Title upsertTitle(DgsDataFetchingEnvironment env) {
    if (!caller(env).hasRole(OPERATOR_ROLE)) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "upsertTitle needs the " + OPERATOR_ROLE + " role");
    }
    Map<String, Object> input = env.getArgument("input");
    String id = Ids.require((String) input.get("id"), "title");
    Title previous = catalog.store().titles(List.of(id), timeout).get(id).value();
    return catalog.upsert(TitleValidation.validate(TitleInputs.toTitle(input, previous)));
  }

  // ------------------------------------------------------------------ helpers

  private CompletableFuture<Title> visibleTitle(String id, DgsDataFetchingEnvironment env) {
    String country = caller(env).country();
    return titleLoader(env).load(id).thenApply(loaded -> catalog.requireVisible(id, loaded, country));
  }

  /** An episode is visible when its show is. */
  private CompletableFuture<Episode> visibleEpisode(String id, DgsDataFetchingEnvironment env) {
    String country = caller(env).country();
    DataLoader<String, Loaded<Episode>> episodes = env.getDataLoader(EpisodeDataLoader.NAME);
    return episodes.load(id).thenCompose(loaded -> {
      if (loaded.value() == null) {
        throw loaded.unavailable() ? Catalog.unavailable() : ServiceException.notFound("no episode with id " + id);
      }
      Episode episode = loaded.value();
      CompletableFuture<Episode> result = titleLoader(env).load(episode.titleId())
          .thenApply(show -> {
            catalog.requireVisible(episode.titleId(), show, country);
            return episode;
          });
      // The show's lookup was queued after this level's dispatch; dispatch it now rather than wait for the next level.
      titleLoader(env).dispatch();
      return result;
    });
  }

  private static DataLoader<String, Loaded<Title>> titleLoader(DgsDataFetchingEnvironment env) {
    return env.getDataLoader(TitleDataLoader.NAME);
  }

  private static Caller caller(DgsDataFetchingEnvironment env) {
    return DgsContext.getCustomContext(env);
  }

  private static List<Object> append(List<Object> path, int index) {
    List<Object> extended = new ArrayList<>(path);
    extended.add(index);
    return extended;
  }
}
