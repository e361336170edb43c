package io.streamplane.oca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplane.oca.access.CidrBlock;
import io.streamplane.oca.access.SigningKeys;
import io.streamplane.oca.access.UrlSigner;
import io.streamplane.oca.serve.ServerLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, directed-cache prefixes and path safety, over real HTTP. */
class AccessTest {

  private static final String SEGMENT = "/titles/t1/video/seg-00001.m4s";

  @TempDir
  Path store;

  private int rawStatus(TestAppliance oca, String rawPath) throws IOException {
    try (RawHttp connection = new RawHttp(oca.port())) {
      connection.send("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      return connection.readResponse().status();
    }
  }

  @Test
  void tokensAreCheckedForSignatureExpiryPathAndClient() throws Exception {
    try (TestAppliance oca = TestAppliance.start(store, "127.0.0.0/8")) {
      oca.write(SEGMENT, new byte[] {9});
      oca.write("/titles/t2/video/seg-00001.m4s", new byte[] {8});
      assertEquals(200, oca.get(oca.url(SEGMENT)).statusCode());

      String valid = oca.token("/titles/t1/", Duration.ofMinutes(5), "127.0.0.0/8");
      String expired = oca.token("/titles/t1/", Duration.ofSeconds(-1), "127.0.0.0/8");
      String otherTitle = oca.token("/titles/t2/", Duration.ofMinutes(5), "127.0.0.0/8");
      String otherClients = oca.token("/titles/t1/", Duration.ofMinutes(5), "10.0.0.0/8");
      String forgedSignature = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
      String[] parts = valid.split("\\.");
      String swappedPayload = otherTitle.split("\\.")[0] + "." + parts[1];

      assertEquals(200, oca.get(oca.url(valid, SEGMENT)).statusCode());
      for (String bad : new String[] {expired, otherTitle, otherClients, forgedSignature, swappedPayload, "x.y", ""}) {
        var response = oca.get(oca.url(bad, SEGMENT));
        assertEquals(403, response.statusCode(), bad);
        assertEquals(0, response.body().length, "a refusal carries no detail");
      }
      assertEquals(403, oca.get(java.net.URI.create("http://127.0.0.1:" + oca.port() + SEGMENT)).statusCode());
    }
  }

  @Test
  void keyRotationAcceptsEveryConfiguredKeyAndNoOther() throws Exception {
    byte[] newKey = "fedcba9876543210fedcba9876543210".getBytes();
    String newKeys = "k2=" + Base64.getEncoder().encodeToString(newKey);
    UrlSigner.Grant grant = new UrlSigner.Grant("/titles/t1/", Instant.now().plusSeconds(60), "s-2",
        CidrBlock.parse("127.0.0.1"));
    String byNewKey = new UrlSigner(SigningKeys.parse(newKeys), Clock.systemUTC()).sign(grant);
    String byUnknownKey = new UrlSigner(SigningKeys.parse("k3=" + Base64.getEncoder().encodeToString(newKey)),
        Clock.systemUTC()).sign(grant);
    // During the rotation the appliance accepts both the new key (k2) and the previous one (k1).
    try (TestAppliance oca = TestAppliance.start(store, "127.0.0.0/8", newKeys + "," + TestAppliance.KEYS,
        ServerLimits.defaults())) {
      oca.write(SEGMENT, new byte[] {9});
      assertEquals(200, oca.get(oca.url(byNewKey, SEGMENT)).statusCode());
      assertEquals(200, oca.get(oca.url(SEGMENT)).statusCode(), "token signed with the previous key k1");
      assertEquals(403, oca.get(oca.url(byUnknownKey, SEGMENT)).statusCode());
    }
    // Once k1 is retired, its tokens stop working.
    try (TestAppliance oca = TestAppliance.start(store, "127.0.0.0/8", newKeys, ServerLimits.defaults())) {
      assertEquals(200, oca.get(oca.url(byNewKey, SEGMENT)).statusCode());
      assertEquals(403, oca.get(oca.url(SEGMENT)).statusCode());
    }
  }

  @Test
  void clientsOutsideTheAdvertisedPrefixesAreRefused() throws Exception {
    try (TestAppliance oca = TestAppliance.start(store, "10.0.0.0/8,2001:db8::/32")) {
      oca.write(SEGMENT, new byte[] {9});
      var response = oca.get(oca.url(SEGMENT));
      assertEquals(403, response.statusCode());
      assertEquals(0, response.body().length);
    }
  }

  @Test
  void traversalAndPathsOutsideTheLayoutAreRefused() throws Exception {
    try (TestAppliance oca = TestAppliance.start(store, "127.0.0.0/8")) {
      oca.write(SEGMENT, new byte[] {9});
      Files.writeString(store.resolve("secret.m4s"), "secret");
      String token = oca.token("/titles/", Duration.ofMinutes(5), "127.0.0.0/8");
      String base = "/s/" + token;
      assertEquals(200, rawStatus(oca, base + SEGMENT));
      assertEquals(400, rawStatus(oca, base + "/titles/t1/../../secret.m4s"));
      assertEquals(400, rawStatus(oca, base + "/titles/t1/video/%2e%2e/%2e%2e/%2e%2e/secret.m4s"));
      assertEquals(400, rawStatus(oca, base + "/titles/t1/video/..%2f..%2f..%2fsecret.m4s"));
      assertEquals(400, rawStatus(oca, base + "/titles/t1//video/seg-00001.m4s"));
      assertEquals(400, rawStatus(oca, base + "/titles/t1/.hidden.m4s"));
      assertEquals(400, rawStatus(oca, base + "/secret.m4s"));
      // a file type outside the layout is never served, even when present
      oca.write("/titles/t1/notes.txt", new byte[] {1});
      assertEquals(404, rawStatus(oca, base + "/titles/t1/notes.txt"));
    }
  }

  @Test
  void symlinksLeavingTheStoreAreNotFollowed() throws Exception {
    try (TestAppliance oca = TestAppliance.start(store.resolve("oca"), "127.0.0.0/8")) {
      Path outside = Files.writeString(store.resolve("outside.m4s"), "secret");
      Path inside = oca.write("/titles/t1/video/real.m4s", new byte[] {5});
      Files.createSymbolicLink(store.resolve("oca/titles/t1/video/escape.m4s"), outside);
      Files.createSymbolicLink(store.resolve("oca/titles/t1/video/alias.m4s"), inside);
      assertEquals(404, oca.get(oca.url("/titles/t1/video/escape.m4s")).statusCode());
      assertEquals(200, oca.get(oca.url("/titles/t1/video/alias.m4s")).statusCode());
    }
  }
}
