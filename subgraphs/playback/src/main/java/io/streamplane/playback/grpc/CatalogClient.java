package io.streamplane.playback.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.play.TitleDirectory;
import io.streamplane.playback.play.TitleInfo;
import io.streamplane.playback.play.TitleMedia;
import io.streamplane.proto.catalog.v1.BatchGetTitlesRequest;
import io.streamplane.proto.catalog.v1.BatchGetTitlesResponse;
import io.streamplane.proto.catalog.v1.CatalogServiceGrpc;
import io.streamplane.proto.catalog.v1.Episode;
import io.streamplane.proto.catalog.v1.GetTitleAssetsRequest;
import io.streamplane.proto.catalog.v1.MediaAsset;
import io.streamplane.proto.catalog.v1.Season;
import io.streamplane.proto.catalog.v1.Title;
import io.streamplane.proto.catalog.v1.TitleAssets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The catalog over gRPC (BatchGetTitles for maturity, episodes and country availability; GetTitleAssets for the
 * manifests and key ids). Answers are kept in-process for a few seconds, since every start of a popular title asks the
 * same question (a title's rating or availability change reaches starts within that time). When the catalog is down,
 * the last answer per title and country is used.
 */
public final class CatalogClient implements TitleDirectory {
  /** What is remembered of a lookup: present or not. */
  public record Found(TitleInfo title) {}

  private final Peer peer;
  private final LastKnown<Found> lastTitles;
  private final LastKnown<TitleMedia> lastMedia;

  private final Cache<String, Found> recentTitles;
  private final Cache<String, Optional<TitleMedia>> recentMedia;

  public CatalogClient(Peer peer, LastKnown<Found> lastTitles, LastKnown<TitleMedia> lastMedia, Duration fresh) {
    this.peer = peer;
    this.lastTitles = lastTitles;
    this.lastMedia = lastMedia;
    this.recentTitles = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(fresh).build();
    this.recentMedia = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(fresh).build();
  }

  @Override
  public Optional<TitleInfo> find(String titleId, String country) {
    String key = titleId + ":" + country;
    Found recent = recentTitles.getIfPresent(key);
    if (recent != null) {
      return Optional.ofNullable(recent.title());
    }
    try {
      BatchGetTitlesResponse response = peer.call(ms -> CatalogServiceGrpc.newBlockingStub(peer.channel())
          .withDeadlineAfter(ms, TimeUnit.MILLISECONDS)
          .batchGetTitles(BatchGetTitlesRequest.newBuilder().addIds(titleId).setCountry(country).build()));
      TitleInfo info = response.getTitlesCount() == 0 ? null : toInfo(response.getTitles(0));
      recentTitles.put(key, new Found(info));
      lastTitles.remember(key, new Found(info));
      return Optional.ofNullable(info);
    } catch (ServiceException e) {
      if (!Peer.unwell(e)) {
        throw e;
      }
      return Optional.ofNullable(lastTitles.recall(key).orElseThrow(() -> e).title());
    }
  }

  @Override
  public Optional<TitleMedia> media(String titleId) {
    Optional<TitleMedia> recent = recentMedia.getIfPresent(titleId);
    if (recent != null) {
      return recent;
    }
    try {
      TitleAssets assets = peer.call(ms -> CatalogServiceGrpc.newBlockingStub(peer.channel())
          .withDeadlineAfter(ms, TimeUnit.MILLISECONDS)
          .getTitleAssets(GetTitleAssetsRequest.newBuilder().setTitleId(titleId).build()));
      TitleMedia media = toMedia(assets);
      if (media != null) {
        lastMedia.remember(titleId, media);
      }
      recentMedia.put(titleId, Optional.ofNullable(media));
      return Optional.ofNullable(media);
    } catch (ServiceException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        recentMedia.put(titleId, Optional.empty());
        return Optional.empty();
      }
      if (!Peer.unwell(e)) {
        throw e;
      }
      return Optional.of(lastMedia.recall(titleId).orElseThrow(() -> e));
    }
  }

  static TitleInfo toInfo(Title title) {
    Set<String> episodes = new HashSet<>();
    for (Season season : title.getSeasonsList()) {
      for (Episode episode : season.getEpisodesList()) {
        episodes.add(episode.getId());
      }
    }
    return new TitleInfo(title.getId(), title.getName(), title.getMaturityRating().getLevel(),
        title.getMaturityRating().getLabel(), episodes);
  }

  /** The DASH manifest and the HLS master (the HLS playlist at the folder's top level); null without a manifest. */
  static TitleMedia toMedia(TitleAssets assets) {
    String dash = null;
    String hls = null;
    for (MediaAsset asset : assets.getAssetsList()) {
      if (asset.getKind().equals("DASH_MANIFEST") && dash == null) {
        dash = asset.getPath();
      } else if (asset.getKind().equals("HLS_PLAYLIST") && !asset.getPath().contains("/")
          && (hls == null || asset.getPath().equals("master.m3u8"))) {
        hls = asset.getPath();
      }
    }
    if (dash == null && hls == null) {
      return null;
    }
    String kid = assets.getKeyId().replace("-", "").toLowerCase(Locale.ROOT);
    return new TitleMedia(dash, hls, kid.isEmpty() ? List.of() : List.of(kid));
  }
}
