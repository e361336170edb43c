package io.streamplane.playback.origin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.playback.play.OriginManifests;
import io.streamplane.playback.play.PlaybackRefusal;
import io.streamplane.playback.play.TitleManifests;
import io.streamplane.playback.play.TitleMedia;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a title's manifests from the origin store, {@code <origin>/<titleId>/<path>}: a directory locally
 * ({@code file:} URL) or an HTTP object store. Manifests change only when the farm republishes a title, so each is
 * kept in-process for a short while (every replica reads the origin at most once per title per period).
 */
public final class OriginStore implements OriginManifests {
  private final URI origin;
  private final HttpClient http;
  private final Duration timeout;
  private final Cache<String, String> recent;

  public OriginStore(String originUrl, Duration timeout, Duration keep) {
    this.origin = URI.create(originUrl.endsWith("/") ? originUrl : originUrl + "/");
    this.timeout = timeout;
    this.http = "file".equals(origin.getScheme()) ? null
        : HttpClient.newBuilder().connectTimeout(timeout).build();
    this.recent = Caffeine.newBuilder().maximumSize(2_000).expireAfterWrite(keep).build();
  }

  @Override
  public TitleManifests load(String titleId, TitleMedia media) {
    String dash = media.dashPath() == null ? null : read(titleId + "/" + media.dashPath());
    String hls = media.hlsPath() == null ? null : read(titleId + "/" + media.hlsPath());
    return new TitleManifests(dash, hls);
  }

  private String read(String relative) {
    if (relative.contains("..") || relative.contains("\\")) {
      throw new PlaybackRefusal(ErrorCode.UNAVAILABLE, "BAD_MANIFEST", "the catalog names an invalid manifest path");
    }
    String cached = recent.getIfPresent(relative);
    if (cached != null) {
      return cached;
    }
    String text = fetch(origin.resolve(relative));
    recent.put(relative, text);
    return text;
  }

  private String fetch(URI uri) {
    try {
      if (http == null) {
        return Files.readString(Path.of(uri), StandardCharsets.UTF_8);
      }
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() == 404) {
        throw missing();
      }
      if (response.statusCode() != 200) {
        throw new PlaybackRefusal(ErrorCode.UNAVAILABLE, "ORIGIN_UNAVAILABLE", "the origin store answered "
            + response.statusCode());
      }
      return response.body();
    } catch (NoSuchFileException e) {
      throw missing();
    } catch (IOException e) {
      throw new PlaybackRefusal(ErrorCode.UNAVAILABLE, "ORIGIN_UNAVAILABLE", "the origin store is unavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlaybackRefusal(ErrorCode.UNAVAILABLE, "ORIGIN_UNAVAILABLE", "interrupted reading the origin");
    }
  }

  private static PlaybackRefusal missing() {
    return new PlaybackRefusal(ErrorCode.NOT_FOUND, "NOT_ENCODED", "the title's manifest is not in the origin store");
  }
}
