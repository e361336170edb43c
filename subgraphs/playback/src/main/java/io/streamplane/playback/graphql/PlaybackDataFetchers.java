package io.streamplane.playback.graphql;

import com.netflix.graphql.dgs.DgsComponent;
import com.netflix.graphql.dgs.DgsData;
import com.netflix.graphql.dgs.DgsDataFetchingEnvironment;
import com.netflix.graphql.dgs.DgsEntityFetcher;
import com.netflix.graphql.dgs.DgsMutation;
import com.netflix.graphql.dgs.InputArgument;
import com.netflix.graphql.dgs.context.DgsContext;
import com.netflix.graphql.dgs.internal.DgsWebMvcRequestData;
import com.netflix.graphql.types.errors.ErrorType;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import io.streamplane.platform.caller.Caller;
import io.streamplane.platform.errors.ErrorCode;
import io.streamplane.platform.errors.ServiceException;
import io.streamplane.playback.play.DeviceCapabilities;
import io.streamplane.playback.play.Heartbeat;
import io.streamplane.playback.play.PlaybackRefusal;
import io.streamplane.playback.play.PlaybackService;
import io.streamplane.playback.play.StartedPlayback;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.dataloader.DataLoader;

/** The playback GraphQL edge: argument shapes, the caller, and refusals as errors with code and reason. */
@DgsComponent
public class PlaybackDataFetchers {
  /** Header the gateway sets to the viewer's address (steering places viewers by it). */
  public static final String CLIENT_ADDRESS_HEADER = "x-streamplane-client-ip";

  private final PlaybackService playback;
  private final QoeMetrics qoe;

  public PlaybackDataFetchers(PlaybackService playback, QoeMetrics qoe) {
    this.playback = playback;
    this.qoe = qoe;
  }

  @DgsMutation
  public DataFetcherResult<Map<String, Object>> startPlayback(DgsDataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    Map<String, Object> device = map(input.get("device"));
    DeviceCapabilities capabilities = new DeviceCapabilities(strings(device.get("codecs")),
        ((Number) device.get("maxHeight")).intValue(), Boolean.TRUE.equals(device.get("hdr")),
        strings(device.get("keySystems")));
    return answer(env, () -> view(playback.start(caller(env), (String) input.get("titleId"),
        (String) input.get("episodeId"), capabilities, clientAddress(env))));
  }

  @DgsMutation
  public DataFetcherResult<Map<String, Object>> heartbeat(DgsDataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    Heartbeat beat = new Heartbeat((String) input.get("sessionId"), asLong(input.get("positionMs")),
        asLong(input.get("durationMs")), asLong(input.get("bitrateBps")),
        input.get("height") == null ? null : ((Number) input.get("height")).intValue(),
        asLong(input.get("rebufferMs")), asLong(input.get("droppedFrames")));
    return answer(env, () -> {
      PlaybackService.HeartbeatResult result = playback.heartbeat(caller(env), beat);
      qoe.record(beat);
      return Map.of("sessionId", result.sessionId(), "leaseExpiresAt", result.leaseExpiresAt().toString(),
          "positionSaved", result.positionSaved());
    });
  }

  @DgsMutation
  public DataFetcherResult<Boolean> stopPlayback(@InputArgument String sessionId, @InputArgument Double positionMs,
      DgsDataFetchingEnvironment env) {
    return answer(env, () -> playback.stop(caller(env), sessionId,
        positionMs == null ? null : positionMs.longValue()));
  }

  /** A catalog title as this subgraph sees it; named Title so the federation resolver maps it to the schema type. */
  public record Title(String id) {}

  @DgsEntityFetcher(name = "Title")
  public Title titleEntity(Map<String, Object> representation) {
    return new Title(String.valueOf(representation.get("id")));
  }

  @DgsData(parentType = "Title", field = "playbackAvailable")
  public CompletableFuture<Boolean> playbackAvailable(DgsDataFetchingEnvironment env) {
    Title title = env.getSource();
    DataLoader<String, Boolean> loader = env.getDataLoader(PlayableDataLoader.NAME);
    return loader.load(title.id());
  }

  private static Map<String, Object> view(StartedPlayback s) {
    Map<String, Object> view = new HashMap<>();
    view.put("sessionId", s.sessionId());
    view.put("titleId", s.titleId());
    view.put("episodeId", s.episodeId());
    view.put("sources", s.sources().stream().map(src -> Map.of("applianceId", src.applianceId(), "url", src.url(),
        "reason", src.reason())).toList());
    view.put("dashUrl", s.dashUrl());
    view.put("hlsUrl", s.hlsUrl());
    view.put("dashManifest", s.dashManifest());
    view.put("hlsManifest", s.hlsManifest());
    view.put("licenseUrl", s.licenseUrl());
    view.put("keySystem", s.keySystem());
    view.put("maxHeight", s.maxHeight());
    view.put("leaseExpiresAt", s.leaseExpiresAt().toString());
    view.put("heartbeatIntervalSeconds", s.heartbeatIntervalSeconds());
    return view;
  }

  /** Refusals become one error with code and reason; other service errors go to the platform's error mapping. */
  private static <T> DataFetcherResult<T> answer(DgsDataFetchingEnvironment env, Supplier<T> work) {
    try {
      return DataFetcherResult.<T>newResult().data(work.get()).build();
    } catch (PlaybackRefusal e) {
      return DataFetcherResult.<T>newResult().error(GraphqlErrorBuilder.newError(env).message(e.getMessage())
          .errorType(classification(e.code()))
          .extensions(Map.of("code", e.code().name(), "reason", e.reason())).build()).build();
    }
  }

  /** DGS's error taxonomy, as the platform's error mapping reports it for the other errors. */
  private static ErrorType classification(ErrorCode code) {
    return switch (code) {
      case BAD_USER_INPUT -> ErrorType.BAD_REQUEST;
      case NOT_FOUND -> ErrorType.NOT_FOUND;
      case UNAUTHENTICATED -> ErrorType.UNAUTHENTICATED;
      case FORBIDDEN -> ErrorType.PERMISSION_DENIED;
      case CONFLICT -> ErrorType.FAILED_PRECONDITION;
      case RATE_LIMITED, UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorType.UNAVAILABLE;
      case INTERNAL -> ErrorType.INTERNAL;
    };
  }

  private static Caller caller(DgsDataFetchingEnvironment env) {
    return DgsContext.getCustomContext(env);
  }

  /** The viewer's address: set by the gateway, else the first X-Forwarded-For hop, else the peer of this request. */
  private static String clientAddress(DgsDataFetchingEnvironment env) {
    if (DgsContext.getRequestData(env) instanceof DgsWebMvcRequestData request && request.getHeaders() != null) {
      String explicit = request.getHeaders().getFirst(CLIENT_ADDRESS_HEADER);
      if (explicit != null && !explicit.isBlank()) {
        return explicit.trim();
      }
      String forwarded = request.getHeaders().getFirst("x-forwarded-for");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
      if (request.getWebRequest() instanceof org.springframework.web.context.request.ServletWebRequest servlet) {
        return servlet.getRequest().getRemoteAddr();
      }
    }
    return "127.0.0.1";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw ServiceException.badInput("device is required");
    }
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }

  private static Long asLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }
}
