package dev.wsjwt.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.MockIdp;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real standalone server against a real OpenID provider (mock-oauth2-server on loopback):
 * discovery, JWKS, rotation, the provider going away and coming back, without restarting wsjwt.
 */
class OpenIdProviderTest {

    private static final String AUDIENCE = "wsjwt-api";

    private MockIdp idp;

    @BeforeEach
    void startProvider() {
        idp = MockIdp.start();
    }

    @AfterEach
    void stopProvider() {
        idp.close();
    }

    /** Only issuer and audience configured: keys by OpenID discovery. Each unknown kid may refresh. */
    private TestServer discovering() {
        Map<String, String> settings = new HashMap<>();
        settings.put("mp.jwt.verify.publickey.location", "");
        settings.put("mp.jwt.verify.issuer", idp.issuer());
        settings.put("mp.jwt.verify.audiences", AUDIENCE);
        settings.put("wsjwt.jwks.min-refresh-interval", "0");
        settings.put("wsjwt.jwks.timeout", "15000"); // a busy shared machine; no assertion depends on it
        return TestServer.start(settings);
    }

    private static String whoami(TestServer server, String token) {
        try (WsClient client = WsClient.bearer(server.ws(), token)) {
            JsonObject reply = client.request("whoami", null);
            assertEquals("result", reply.getString("type"), reply.toString());
            return reply.getJsonObject("payload").getString("sub");
        }
    }

    private static String refusal(TestServer server, String token) {
        WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + token));
        assertEquals(401, refusal.status());
        return refusal.wwwAuthenticate();
    }

    @Test
    void discoveryWithOnlyIssuerAndAudienceAcceptsProviderToken() {
        try (TestServer server = discovering()) {
            assertEquals("alice", whoami(server, idp.token("alice", AUDIENCE, "chat:read")));
        }
    }

    @Test
    void jwksUrlAcceptsProviderTokenAndItsPermissions() {
        try (TestServer server = TestServer.start(Map.of(
                "mp.jwt.verify.publickey.location", idp.jwksUrl(),
                "mp.jwt.verify.issuer", idp.issuer(),
                "mp.jwt.verify.audiences", AUDIENCE));
             WsClient client = WsClient.bearer(server.ws(), idp.token("bob", AUDIENCE, "chat:read", "chat:write"))) {
            JsonObject payload = client.request("whoami", null).getJsonObject("payload");
            assertEquals("bob", payload.getString("sub"));
            assertEquals(2, payload.getJsonArray("permissions").size());
        }
    }

    @Test
    void providerTokenForAnotherAudienceIsRefused() {
        try (TestServer server = discovering()) {
            assertTrue(refusal(server, idp.token("alice", "someone-else")).contains("wrong audience"));
        }
    }

    @Test
    void rotationRefusesOldKidAndTakesUpNewKeysWithoutRestart() {
        try (TestServer server = discovering()) {
            String old = idp.token("alice", AUDIENCE, "chat:read");
            assertEquals("alice", whoami(server, old));

            idp.restart(); // same port, new generation: new key, new kid
            String fresh = idp.token("bob", AUDIENCE, "chat:read");

            assertEquals("bob", whoami(server, fresh));
            assertTrue(refusal(server, old).contains("unknown signing key"), "old kid after rotation");
        }
    }

    @Test
    void providerDownKeepsKnownKeysAndRefusesUnknownKidThenTakesUpNewKeysWhenBack() {
        try (TestServer server = discovering()) {
            String known = idp.token("alice", AUDIENCE, "chat:read");
            assertEquals("alice", whoami(server, known));

            idp.stop();
            assertEquals("alice", whoami(server, known), "known keys keep working while the provider is down");
            String unknownKid = TokenBuilder.token("mallory").claim("iss", idp.issuer()).claim("aud", AUDIENCE)
                    .signedWith(TestKeys.RSA_OTHER, "RS256").sign();
            String refused = refusal(server, unknownKid);
            assertTrue(refused.contains("unknown signing key") || refused.contains("signing keys unavailable"), refused);

            idp.restart();
            assertEquals("carol", whoami(server, idp.token("carol", AUDIENCE, "chat:read")), "new keys taken up");
        }
    }
}
