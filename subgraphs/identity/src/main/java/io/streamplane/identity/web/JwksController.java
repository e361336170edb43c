package io.streamplane.identity.web;

import io.streamplane.identity.token.KeyRing;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public signing keys (RFC 7517 JWK set: current, then previous) for whoever verifies access tokens — the
 * gateway. Read from the store at every request (rare: verifiers cache it), so a rotation by any replica is published
 * at once; verifiers re-fetch when they meet an unknown key id.
 */
@RestController
public class JwksController {
  private final KeyRing ring;

  public JwksController(KeyRing ring) {
    this.ring = ring;
  }

  @GetMapping(value = "/.well-known/jwks.json", produces = "application/jwk-set+json")
  public ResponseEntity<String> jwks() {
    ring.reload();
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
        .contentType(MediaType.parseMediaType("application/jwk-set+json"))
        .body(ring.keys().publicSet().toString());
  }
}
