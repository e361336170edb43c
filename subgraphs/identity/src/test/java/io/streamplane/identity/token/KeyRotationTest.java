package io.streamplane.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.streamplane.identity.IdentityServiceTestBase;
import io.streamplane.identity.store.Cql;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The JWKS endpoint and key rotation, with a second key ring standing in for another replica. */
class KeyRotationTest extends IdentityServiceTestBase {
  @Autowired KeyRing ring;
  @Autowired Cql cql;

  private JWKSet jwks() throws Exception {
    var response = get("/.well-known/jwks.json");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/jwk-set+json"));
    JWKSet set = JWKSet.parse(response.body());
    set.getKeys().forEach(k -> assertFalse(k.isPrivate(), "the JWKS must hold public keys only"));
    return set;
  }

  @Test
  void rotationPublishesBothKeysAndOldTokensKeepWorking() throws Exception {
    Member m = newMember("BASIC");
    String oldKid = SignedJWT.parse(m.refreshToken()).getHeader().getKeyID();
    assertEquals(oldKid, ring.keys().current().getKeyID());

    // Another replica rotates; this one learns about it from the store.
    KeyRing otherReplica = new KeyRing(cql, Clock.systemUTC()).start();
    assertTrue(otherReplica.rotate(oldKid));
    JWKSet published = jwks();
    String newKid = published.getKeys().get(0).getKeyID();
    assertNotEquals(oldKid, newKid);
    assertEquals(List.of(newKid, oldKid), published.getKeys().stream().map(k -> k.getKeyID()).toList());

    // A token signed with the previous key still refreshes; the new pair is signed with the new key.
    JsonNode refreshed = data(graphql(null, "mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }",
        Map.of("t", m.refreshToken())));
    String access = refreshed.path("refresh").path("accessToken").asText();
    assertEquals(newKid, SignedJWT.parse(access).getHeader().getKeyID());
    assertEquals(m.accountId(), tokens.verifyAccess(access).account().toString());

    // Two replicas rotating from the same key at once: exactly one wins and both agree afterwards.
    String current = ring.keys().current().getKeyID();
    CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> ring.rotate(current));
    CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> otherReplica.rotate(current));
    assertEquals(1, List.of(a.get(), b.get()).stream().filter(x -> x).count());
    ring.reload();
    otherReplica.reload();
    assertEquals(ring.keys().current().getKeyID(), otherReplica.keys().current().getKeyID());
    assertEquals(current, ring.keys().previous().getKeyID());
    // Two rotations later the first key is gone from the JWKS: its tokens no longer verify.
    assertFalse(jwks().getKeys().stream().anyMatch(k -> k.getKeyID().equals(oldKid)));
    JsonNode stale = graphql(null, "mutation($t: String!) { signOut(refreshToken: $t) }",
        Map.of("t", m.refreshToken()));
    assertEquals("UNAUTHENTICATED", errorCode(stale));
  }
}
