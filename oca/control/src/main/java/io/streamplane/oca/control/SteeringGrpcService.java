package io.streamplane.oca.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.oca.fleet.FleetRegistry;
import io.streamplane.oca.steering.Holdings;
import io.streamplane.oca.steering.SteeringRanker;
import io.streamplane.oca.steering.UrlTokens;
import io.streamplane.proto.oca.v1.RankedSource;
import io.streamplane.proto.oca.v1.SteerRequest;
import io.streamplane.proto.oca.v1.SteerResponse;
import io.streamplane.proto.oca.v1.SteeringServiceGrpc;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Playback asks here where a session should fetch a title from; every URL carries a token bound to the session. */
public final class SteeringGrpcService extends SteeringServiceGrpc.SteeringServiceImplBase {
  private static final Pattern TITLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  // Address literals only: never resolve names (no DNS from a request).
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

  private final FleetRegistry fleet;
  private final Holdings holdings;
  private final SteeringRanker ranker;
  private final UrlTokens tokens;
  private final String originBaseUrl;
  private final Duration tokenLifetime;
  private final Clock clock;

  public SteeringGrpcService(FleetRegistry fleet, Holdings holdings, SteeringRanker ranker, UrlTokens tokens,
      String originBaseUrl, Duration tokenLifetime, Clock clock) {
    this.fleet = fleet;
    this.holdings = holdings;
    this.ranker = ranker;
    this.tokens = tokens;
    this.originBaseUrl = originBaseUrl;
    this.tokenLifetime = tokenLifetime;
    this.clock = clock;
  }

  @Override
  public void steer(SteerRequest request, StreamObserver<SteerResponse> out) {
    if (!TITLE_ID.matcher(request.getTitleId()).matches() || !SESSION.matcher(request.getSessionId()).matches()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("title_id and session_id are required and must be plain ids")
          .asRuntimeException());
      return;
    }
    InetAddress client = parse(request.getClientAddress());
    if (client == null) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("client_address must be an IPv4 or IPv6 literal")
          .asRuntimeException());
      return;
    }
    Instant expires = clock.instant().plus(tokenLifetime);
    String signedPrefix = tokens.signedPathPrefix(request.getTitleId(), request.getSessionId(), client, expires);
    SteerResponse.Builder response = SteerResponse.newBuilder().setExpiresEpochS(expires.getEpochSecond());
    for (SteeringRanker.Ranked ranked : ranker.rank(fleet.members(), holdings.holdersOf(request.getTitleId()), client,
        originBaseUrl)) {
      response.addSources(RankedSource.newBuilder().setApplianceId(ranked.applianceId())
          .setBaseUrl(ranked.baseUrl()).setUrl(ranked.baseUrl() + signedPrefix).setReason(ranked.reason()));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  static InetAddress parse(String literal) {
    if (literal == null || !ADDRESS.matcher(literal).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
