package io.streamplane.playback.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.playback.PlaybackServiceTestBase;
import io.streamplane.playback.manifest.FarmManifests;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The ClearKey licence endpoint over HTTP: keys only for the live session's title, refusals with stable reasons. */
class LicenseEndpointTest extends PlaybackServiceTestBase {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String KID = B64URL.encodeToString(FarmManifests.KEY.keyId());
  private static final String REQUEST = "{\"kids\":[\"" + KID + "\"],\"type\":\"temporary\"}";

  private JsonNode startSession(String account) throws Exception {
    JsonNode response = start(account, PROFILE, TITLE, DEVICE_720, "US");
    assertTrue(response.path("errors").isEmpty(), response.toString());
    return response.path("data").path("startPlayback");
  }

  private static void assertRefused(HttpResponse<String> response, int status, String reason) {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertEquals(reason, error.path("reason").asText(), response.body());
    assertTrue(!error.path("message").asText().isBlank());
  }

  @Test
  void aLiveSessionGetsItsTitlesKeyAsClearKeyJwk() throws Exception {
    JsonNode session = startSession(newAccount(1, 1080, 18));
    HttpResponse<String> response = post(session.path("licenseUrl").asText(), REQUEST);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode licence = JSON.readTree(response.body());
    assertEquals("temporary", licence.path("type").asText());
    assertEquals(1, licence.path("keys").size());
    JsonNode key = licence.path("keys").path(0);
    assertEquals("oct", key.path("kty").asText());
    assertEquals(KID, key.path("kid").asText());
    assertEquals(B64URL.encodeToString(FarmManifests.KEY.key()), key.path("k").asText());
  }

  @Test
  void anotherTitlesKeyIsRefused() throws Exception {
    JsonNode session = startSession(newAccount(1, 1080, 18));
    String otherKid = B64URL.encodeToString(OTHER_KID);
    assertRefused(post(session.path("licenseUrl").asText(),
        "{\"kids\":[\"" + KID + "\",\"" + otherKid + "\"],\"type\":\"temporary\"}"), 403, "KEY_NOT_IN_TITLE");
  }

  @Test
  void aStoppedSessionGetsNoKeys() throws Exception {
    String account = newAccount(1, 1080, 18);
    JsonNode session = startSession(account);
    graphql(account, PROFILE, "US", "mutation { stopPlayback(sessionId: \""
        + session.path("sessionId").asText() + "\") }");
    assertRefused(post(session.path("licenseUrl").asText(), REQUEST), 403, "SESSION_NOT_LIVE");
  }

  @Test
  void tokensAreCheckedAndBoundToTheirSession() throws Exception {
    JsonNode first = startSession(newAccount(2, 1080, 18));
    JsonNode second = startSession(newAccount(2, 1080, 18));
    String url = first.path("licenseUrl").asText();
    assertRefused(post(url.replaceAll("t=.*", ""), REQUEST), 401, "LICENSE_TOKEN_INVALID");
    assertRefused(post(url.replaceAll("t=.*", "t=abc.def"), REQUEST), 401, "LICENSE_TOKEN_INVALID");
    String secondToken = second.path("licenseUrl").asText().replaceAll(".*t=", "");
    assertRefused(post(url.replaceAll("t=.*", "t=" + secondToken), REQUEST), 401, "LICENSE_TOKEN_INVALID");
    assertRefused(post(url.replace(first.path("sessionId").asText(), "not-a-session"), REQUEST), 400,
        "BAD_SESSION_ID");
  }

  @Test
  void malformedRequestsAreClientErrors() throws Exception {
    JsonNode session = startSession(newAccount(1, 1080, 18));
    String url = session.path("licenseUrl").asText();
    assertRefused(post(url, "not json"), 400, "BAD_LICENSE_REQUEST");
    assertRefused(post(url, "{\"kids\":[\"short\"]}"), 400, "BAD_LICENSE_REQUEST");
    assertRefused(post(url, "{\"kids\":[]}"), 400, "BAD_LICENSE_REQUEST");
  }

  @Test
  void licenceRequestsAreRateLimitedPerSession() throws Exception {
    JsonNode session = startSession(newAccount(1, 1080, 18));
    String url = session.path("licenseUrl").asText();
    // Windows are whole minutes: keep the burst inside one.
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 55_000) {
      Thread.sleep(60_500 - intoMinute);
    }
    int ok = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 6; i++) {
      last = post(url, REQUEST);
      if (last.statusCode() == 200) {
        ok++;
      }
    }
    assertEquals(4, ok, "the test configures 4 licences per minute per session");
    assertRefused(last, 429, "RATE_LIMITED");
    assertEquals("60", last.headers().firstValue("retry-after").orElse(""));
  }
}
