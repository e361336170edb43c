package io.streamplane.identity.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.identity.IdentityServiceTestBase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sign-ups per client address (3 per hour in the test configuration), counted in Cassandra. */
class SignUpLimitTest extends IdentityServiceTestBase {
  private static final String SIGN_UP = """
      mutation($i: SignUpInput!) { signUp(input: $i) { accessToken account { id } } }""";

  private JsonNode signUp(String address, String email) {
    return graphqlFrom(address, SIGN_UP, Map.of("i", Map.of("email", email, "password", "correct horse",
        "country", "FR", "plan", "BASIC")));
  }

  private static String newEmail() {
    return "s" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  @Test
  void anAddressGetsThreeSignUpsAnHourEvenFailedOnesThenRateLimited() {
    String address = uniqueAddress();
    String taken = newEmail();
    assertFalse(signUp(address, taken).has("errors"));
    assertEquals("CONFLICT", errorCode(signUp(address, taken))); // probing a taken email counts too
    assertFalse(signUp(address, newEmail()).has("errors"));

    String email = newEmail();
    JsonNode limited = signUp(address, email);
    assertEquals("RATE_LIMITED", errorCode(limited), limited.toString());
    String message = limited.path("errors").path(0).path("message").asText();
    assertTrue(message.matches(".*try again in \\d+ minutes?"), message);
    assertFalse(limited.toString().contains("Exception"), limited.toString());
    // The refused attempt created nothing: the email is still free, from another address.
    assertFalse(signUp(uniqueAddress(), email).has("errors"));
  }
}
