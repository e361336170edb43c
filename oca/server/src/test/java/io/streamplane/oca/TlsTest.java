package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplane.oca.access.AdvertisedPrefixes;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.serve.ServerLimits;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a PEM key and certificate the appliance speaks HTTPS and offers HTTP/2 through ALPN. */
class TlsTest {

  @TempDir
  Path store;

  @Test
  void servesSegmentsOverHttp2WithTls() throws Exception {
    Path cert = store.resolve("cert.pem");
    Path key = store.resolve("key.pem");
    try (InputStream c = getClass().getResourceAsStream("/tls/cert.pem");
        InputStream k = getClass().getResourceAsStream("/tls/key.pem")) {
      Files.copy(c, cert);
      Files.copy(k, key);
    }
    ApplianceConfig config = new ApplianceConfig(store.resolve("oca"), "127.0.0.1", 0, 0,
        AdvertisedPrefixes.parse("127.0.0.0/8"), SigningKeys.parse(TestAppliance.KEYS),
        Optional.of(new ApplianceConfig.Tls(cert, key)), 0, 0, ServerLimits.defaults(), Optional.empty());
    try (Appliance appliance = Appliance.start(config);
        TestAppliance signer = TestAppliance.start(store.resolve("signer"), "127.0.0.0/8")) {
      byte[] data = TestAppliance.randomBytes(100_000, 5);
      Path file = appliance.store().root().resolve("titles/t1/seg-1.m4s");
      Files.createDirectories(file.getParent());
      Files.write(file, data);
      String token = signer.token("/titles/t1/", Duration.ofMinutes(5), "127.0.0.0/8");
      URI uri = URI.create("https://localhost:" + appliance.httpPort() + "/s/" + token + "/titles/t1/seg-1.m4s");

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting(cert))
          .build();
      HttpResponse<byte[]> whole = client.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, whole.statusCode());
      assertEquals(HttpClient.Version.HTTP_2, whole.version());
      assertArrayEquals(data, whole.body());
      HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=10-19").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, range.statusCode());
      assertArrayEquals(Arrays.copyOfRange(data, 10, 20), range.body());
    }
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("oca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
