package io.streamplane.oca;

import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.CidrBlock;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.serve.ServerLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A real appliance on ephemeral ports with a store in a temporary folder, plus helpers to sign URLs for it. */
final class TestAppliance implements AutoCloseable {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  static final String KEYS = "k1=" + Base64.getEncoder().encodeToString(KEY);

  final Appliance appliance;
  final UrlSigner signer = new UrlSigner(new SigningKeys("k1", Map.of("k1", KEY)), Clock.systemUTC());
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestAppliance(Appliance appliance) {
    this.appliance = appliance;
  }

  static TestAppliance start(Path store, String prefixes) {
    return start(store, prefixes, KEYS, ServerLimits.defaults());
  }

  /** An appliance accepting the given keys ({@code kid=base64,...}); the helpers sign with k1. */
  static TestAppliance start(Path store, String prefixes, String keys, ServerLimits limits) {
    ApplianceConfig config = new ApplianceConfig(store, "127.0.0.1", 0, 0, AdvertisedPrefixes.parse(prefixes),
        SigningKeys.parse(keys), Optional.empty(), 64L * 1024 * 1024, 0, limits, Optional.empty());
    return new TestAppliance(Appliance.start(config));
  }

  int port() {
    return appliance.httpPort();
  }

  /** Writes content at a request path such as /titles/t1/video/seg-1.m4s. */
  Path write(String contentPath, byte[] bytes) throws IOException {
    Path file = appliance.store().root().resolve(contentPath.substring(1));
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  String token(String pathPrefix, Duration validFor, String clientPrefix) {
    return signer.sign(new UrlSigner.Grant(pathPrefix, Instant.now().plus(validFor), "session-1",
        CidrBlock.parse(clientPrefix)));
  }

  /** A signed URL for the title of the content path, valid for an hour, for loopback clients. */
  URI url(String contentPath) {
    String titlePrefix = contentPath.substring(0, contentPath.indexOf('/', "/titles/".length()) + 1);
    return url(token(titlePrefix, Duration.ofHours(1), "127.0.0.0/8"), contentPath);
  }

  URI url(String token, String contentPath) {
    return URI.create("http://127.0.0.1:" + port() + "/s/" + token + contentPath);
  }

  HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> head(URI uri, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() throws InterruptedException {
    appliance.close();
  }
}
