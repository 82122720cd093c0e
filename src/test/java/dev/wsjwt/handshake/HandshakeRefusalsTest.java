package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.WsClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refused upgrades over the real server: status, WWW-Authenticate, and no harm to later clients. */
class HandshakeRefusalsTest {

    private static final Map<String, String> NO_MESSAGE_TRANSPORT =
            Map.of("wsjwt.token.transports", "header,subprotocol,query");

    @Test
    void refusesMissingTokenWith401() {
        try (TestServer server = TestServer.start(NO_MESSAGE_TRANSPORT)) {
            assertRefused(401, "invalid_token", "missing token (accepted in: [header, query, subprotocol])",
                    WsClient.refused(server.ws(), Map.of()));
        }
    }

    @Test
    void refusesInvalidTokensNamingTheFailedCheck() {
        try (TestServer server = TestServer.start()) {
            assertRefused(401, "invalid_token", "token expired",
                    bearer(server, token("alice").issuedSecondsAgo(900).expiresIn(-600).sign()));
            assertRefused(401, "invalid_token", "unknown signing key (kid rsa-2)",
                    bearer(server, token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").sign()));
            assertRefused(401, "invalid_token", "wrong audience (aud)",
                    bearer(server, token("alice").claim("aud", "other").sign()));
            assertRefused(401, "invalid_token", "wrong issuer (iss)",
                    bearer(server, token("alice").claim("iss", "https://evil.test/").sign()));
            String[] parts = token("alice").sign().split("\\.");
            assertRefused(401, "invalid_token", "bad signature",
                    bearer(server, parts[0] + "." + token("mallory").sign().split("\\.")[1] + "." + parts[2]));
        }
    }

    @Test
    void refusesTwoTokensInOneHandshake() {
        try (TestServer server = TestServer.start()) {
            URI withQuery = URI.create(server.ws() + "?access_token=" + token("bob").sign());
            WsClient.Refusal refusal = WsClient.refused(withQuery, Map.of("Authorization", "Bearer " + token("alice").sign()));
            assertRefused(401, "invalid_token", "more than one token in the handshake ([header, query])", refusal);
        }
    }

    @Test
    void refusesTokenOverMaxLength() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.token.max-length", "64"))) {
            assertRefused(401, "invalid_token", "token longer than 64 characters", bearer(server, token("alice").sign()));
        }
    }

    @Test
    void refusesMissingConnectPermissionWith403() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.connect.permission", "chat:connect"))) {
            assertRefused(403, "insufficient_scope", "missing permission 'chat:connect'",
                    bearer(server, token("alice").permissions("chat:read").sign()));
            try (WsClient allowed = WsClient.bearer(server.ws(), token("bob").permissions("chat:connect").sign())) {
                assertEquals("result", allowed.request("whoami", null).getString("type"));
            }
        }
    }

    @Test
    void refusesDisallowedOriginWith403() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.origins", "https://app.test"))) {
            assertRefused(403, "invalid_request", "origin not allowed", WsClient.refused(server.ws(),
                    Map.of("Authorization", "Bearer " + token("alice").sign(), "Origin", "https://evil.test")));
        }
    }

    @Test
    void refusesMalformedAuthorizationHeaderThenServesAGoodClient() {
        try (TestServer server = TestServer.start()) {
            assertRefused(401, "invalid_token", "Authorization header is not 'Bearer <token>'",
                    WsClient.refused(server.ws(), Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0")));
            assertRefused(401, "invalid_token", "Authorization header is not 'Bearer <token>'",
                    WsClient.refused(server.ws(), Map.of("Authorization", "Bearer")));
            assertServesGoodClient(server);
        }
    }

    @Test
    void refusesMalformedCookieThenServesAGoodClient() {
        try (TestServer server = TestServer.start(Map.of("wsjwt.token.transports", "cookie", "wsjwt.origins", "https://app.test"))) {
            assertRefused(401, "invalid_token", "empty 'Bearer' cookie",
                    WsClient.refused(server.ws(), Map.of("Cookie", "Bearer=")));
            assertRefused(401, "invalid_token", "more than one 'Bearer' cookie",
                    WsClient.refused(server.ws(), Map.of("Cookie", "Bearer=a.b.c; Bearer=d.e.f")));
            assertRefused(401, "invalid_token", "not a JWT: send an access token for this API's audience (opaque tokens come when no audience is requested)",
                    WsClient.refused(server.ws(), Map.of("Cookie", "Bearer=not%20a%20jwt")));
            try (WsClient good = WsClient.connect(server.ws(), Map.of("Cookie", "Bearer=" + token("alice").sign()))) {
                assertEquals("alice", good.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
        }
    }

    @Test
    void refusesEmptyBearerSubprotocolThenServesAGoodClient() {
        try (TestServer server = TestServer.start()) {
            assertRefused(401, "invalid_token", "empty bearer subprotocol", WsClient.refused(server.ws(), Map.of(), "wsjwt", "bearer."));
            assertRefused(401, "invalid_token", "offer the 'wsjwt' subprotocol with 'bearer.<token>'",
                    WsClient.refused(server.ws(), Map.of(), "bearer." + token("alice").sign()));
            assertServesGoodClient(server);
        }
    }

    @Test
    void refusesBadPercentEncodingInQueryThenServesAGoodClient() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (String query : new String[] {"access_token=%zz", "access_token=abc%", "access%G0token=x", "access_token="}) {
                try (RawUpgrade raw = RawUpgrade.connect(server.port())) {
                    raw.sendUpgrade(server.port(), "/ws/chat?" + query, Map.of());
                    RawUpgrade.Head head = raw.readHead();
                    assertEquals(401, head.status(), query);
                    String expected = query.equals("access_token=") ? "empty 'access_token' query parameter" : "malformed query string";
                    assertEquals("Bearer error=\"invalid_token\", error_description=\"" + expected + "\"",
                            head.headers().get("www-authenticate"), query);
                }
            }
            assertServesGoodClient(server);
        }
    }

    @Test
    void wwwAuthenticateIsAsciiWhateverTheTokenCarries() throws Exception {
        try (TestServer server = TestServer.start()) {
            String longKid = token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").header("kid", "a-very-long-key-id-0123456789").sign();
            String foreignKid = token("alice").signedWith(TestKeys.RSA_OTHER, "RS256").header("kid", "schl\u00fcssel-\u2603").sign();
            // Grizzly writes each char as one byte: a non-ASCII one would arrive as another character.
            Map<String, String> expected = Map.of(longKid, "unknown signing key (kid a-very-long-key-...)",
                    foreignKid, "unknown signing key (kid schl?ssel-?)");
            for (String token : List.of(longKid, foreignKid)) {
                try (RawUpgrade raw = RawUpgrade.connect(server.port())) {
                    raw.sendUpgrade(server.port(), "/ws/chat", Map.of("Authorization", "Bearer " + token));
                    RawUpgrade.Head head = raw.readHead();
                    assertEquals(401, head.status());
                    head.headers().forEach((name, value) -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                            () -> name + " is not printable ASCII: " + value));
                    assertEquals("Bearer error=\"invalid_token\", error_description=\"" + expected.get(token) + "\"",
                            head.headers().get("www-authenticate"));
                }
            }
        }
    }

    private static WsClient.Refusal bearer(TestServer server, String token) {
        return WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + token));
    }

    private static void assertRefused(int status, String error, String description, WsClient.Refusal refusal) {
        assertEquals(status, refusal.status(), refusal::toString);
        assertEquals("Bearer error=\"" + error + "\", error_description=\"" + description + "\"", refusal.wwwAuthenticate());
    }

    private static void assertServesGoodClient(TestServer server) {
        try (WsClient good = WsClient.bearer(server.ws(), token("alice").sign())) {
            assertEquals("alice", good.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }
}
