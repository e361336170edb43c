package io.streamplane.playback;

import io.streamplane.platform.testing.TestStores;
import io.streamplane.playback.manifest.FarmManifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running playback service (HTTP on a random port) on the test stack's Cassandra and memcached, in a keyspace of
 * its own, talking gRPC to in-test servers of its peers' contracts, reading manifests written by the farm's writers
 * from an origin folder. Every subclass shares this Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "streamplane.cassandra.contact-points=${streamplane.cassandra:127.0.0.1:19042}",
    "streamplane.memcached.nodes=${streamplane.memcached:127.0.0.1:21211}",
    "streamplane.grpc.port=0",
    // The shared test machine is busy: schema changes and Paxos rounds may take seconds there.
    "streamplane.playback.cassandra-timeout=10s",
    "streamplane.playback.license-per-minute=4",
    "streamplane.playback.public-url=http://playback.invalid"})
public abstract class PlaybackServiceTestBase {
  protected static final JsonMapper JSON = JsonMapper.builder().build();
  protected static final PeerServers PEERS = new PeerServers();
  protected static final String TITLE = "80000001";
  protected static final String OTHER_TITLE = "80000002";
  protected static final String UNENCODED = "80000003";
  protected static final String PROFILE = "11111111-2222-3333-4444-555555555555";
  protected static final byte[] OTHER_KID = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
  protected static final byte[] OTHER_KEY = HexFormat.of().parseHex("00000000000000000000000000000001");
  protected static final String DEVICE_720 =
      "{codecs:[\"avc1\",\"mp4a\"], maxHeight:720, hdr:false, keySystems:[\"org.w3.clearkey\"]}";
  protected static final String DEVICE_1080 =
      "{codecs:[\"avc1\",\"mp4a\"], maxHeight:1080, keySystems:[\"org.w3.clearkey\"]}";
  private static final Path ORIGIN = origin();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  protected int port;

  @DynamicPropertySource
  static void peers(DynamicPropertyRegistry registry) {
    String keyspace = TestStores.keyspace("playback_service");
    registry.add("streamplane.playback.keyspace", () -> keyspace);
    registry.add("streamplane.playback.origin-url", () -> ORIGIN.toUri().toString());
    for (String peer : new String[] {"catalog", "identity", "steering", "keys"}) {
      registry.add("streamplane.playback." + peer + "-target", PEERS::target);
    }
  }

  static {
    PEERS.titles.put(TITLE, PeerServers.title(TITLE, "TV-14", 13, "US"));
    PEERS.titles.put(OTHER_TITLE, PeerServers.title(OTHER_TITLE, "TV-14", 13, "US"));
    PEERS.titles.put(UNENCODED, PeerServers.title(UNENCODED, "G", 0, "US"));
    PEERS.assets.put(TITLE, PeerServers.encrypted(TITLE, FarmManifests.KEY.keyIdHex()));
    PEERS.assets.put(OTHER_TITLE, PeerServers.encrypted(OTHER_TITLE, HexFormat.of().formatHex(OTHER_KID)));
    PEERS.keys.put(TITLE, Map.of(FarmManifests.KEY.keyIdHex(), FarmManifests.KEY.key()));
    PEERS.keys.put(OTHER_TITLE, Map.of(HexFormat.of().formatHex(OTHER_KID), OTHER_KEY));
  }

  private static Path origin() {
    try {
      Path origin = Files.createTempDirectory("playback-origin");
      for (String title : new String[] {TITLE, OTHER_TITLE}) {
        Files.createDirectories(origin.resolve(title));
        Files.writeString(origin.resolve(title).resolve("manifest.mpd"), FarmManifests.mpd());
        Files.writeString(origin.resolve(title).resolve("master.m3u8"), FarmManifests.master());
      }
      return origin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh account with one profile on a plan; its id is the account header. */
  protected static String newAccount(int streams, int maxHeight, int maturity) {
    return newAccount(streams, maxHeight, maturity, true);
  }

  protected static String newAccount(int streams, int maxHeight, int maturity, boolean active) {
    String account = UUID.randomUUID().toString();
    PEERS.entitlements.put(account + ":" + PROFILE,
        PeerServers.plan(account, PROFILE, streams, maxHeight, maturity, active));
    return account;
  }

  protected JsonNode start(String account, String profile, String title, String device, String country)
      throws Exception {
    return graphql(account, profile, country, "mutation { startPlayback(input: {titleId: \"" + title
        + "\", device: " + device + "}) { sessionId titleId sources { applianceId url reason } dashUrl hlsUrl "
        + "dashManifest hlsManifest licenseUrl keySystem maxHeight leaseExpiresAt heartbeatIntervalSeconds } }");
  }

  protected JsonNode graphql(String account, String profile, String country, String query) throws Exception {
    return graphql(account, profile, null, country, query);
  }

  /** As the gateway forwards a request whose access token belongs to the sign-in {@code session}. */
  protected JsonNode graphql(String account, String profile, String session, String country, String query)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .header("x-streamplane-country", country).header("x-streamplane-client-ip", "198.51.100.7")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query))));
    if (account != null) {
      request.header("x-streamplane-account", account);
    }
    if (profile != null) {
      request.header("x-streamplane-profile", profile);
    }
    if (session != null) {
      request.header("x-streamplane-session", session);
    }
    return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** GET of a URL the service handed out, sent to this test's port. */
  protected HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(local(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  protected HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(local(url)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI local(String url) {
    return URI.create(url.replace("http://playback.invalid", "http://127.0.0.1:" + port));
  }
}
