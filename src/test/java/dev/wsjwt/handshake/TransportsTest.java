package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each way of presenting a token at the handshake, over the real server, accepted. */
class TransportsTest {

    @Test
    void acceptsAuthorizationBearerHeader() {
        try (TestServer server = TestServer.start();
             WsClient client = WsClient.bearer(server.ws(), token("alice").sign())) {
            assertEquals("alice", whoami(client));
        }
    }

    @Test
    void acceptsCookieNamedByTokenCookieWhenHeaderIsCookie() {
        Map<String, String> config = Map.of("mp.jwt.token.header", "Cookie", "mp.jwt.token.cookie", "at",
                "wsjwt.origins", "https://app.test");
        try (TestServer server = TestServer.start(config);
             WsClient client = WsClient.connect(server.ws(), Map.of("Cookie", "theme=dark; at=" + token("alice").sign(),
                     "Origin", "https://app.test"))) {
            assertEquals("alice", whoami(client));
        }
    }

    @Test
    void acceptsBearerSubprotocolAndSelectsOnlyTheApplicationProtocol() throws Exception {
        String token = token("alice").sign();
        try (TestServer server = TestServer.start()) {
            try (WsClient client = WsClient.connect(server.ws(), Map.of(), "wsjwt", "bearer." + token)) {
                assertEquals("wsjwt", client.subprotocol());
                assertEquals("alice", whoami(client));
            }
            // What the server actually answered, header by header: the token is never echoed.
            try (RawUpgrade raw = RawUpgrade.connect(server.port())) {
                raw.sendUpgrade(server.port(), "/ws/chat", Map.of("Sec-WebSocket-Protocol", "wsjwt, bearer." + token));
                RawUpgrade.Head head = raw.readHead();
                assertEquals(101, head.status());
                assertEquals("wsjwt", head.headers().get("sec-websocket-protocol"));
                assertFalse(head.headers().toString().contains(token.split("\\.")[2]), head.headers()::toString);
            }
        }
    }

    @Test
    void acceptsQueryParameter() {
        try (TestServer server = TestServer.start();
             WsClient client = WsClient.connect(URI.create(server.ws() + "?access_token=" + token("alice").sign()), Map.of())) {
            assertEquals("alice", whoami(client));
        }
    }

    @Test
    void acceptsCookieTransportFromAnAllowedOrigin() {
        Map<String, String> config = Map.of("wsjwt.token.transports", "cookie", "wsjwt.origins", "https://app.test");
        try (TestServer server = TestServer.start(config);
             WsClient client = WsClient.connect(server.ws(), Map.of("Cookie", "Bearer=" + token("alice").sign(),
                     "Origin", "https://app.test"))) {
            assertEquals("alice", whoami(client));
        }
    }

    @Test
    void refusesCookieTransportFromAForeignOrigin() {
        Map<String, String> config = Map.of("wsjwt.token.transports", "cookie", "wsjwt.origins", "https://app.test");
        try (TestServer server = TestServer.start(config)) {
            WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Cookie", "Bearer=" + token("alice").sign(),
                    "Origin", "https://evil.test"));
            assertEquals(403, refusal.status());
            assertEquals("Bearer error=\"invalid_request\", error_description=\"origin not allowed\"", refusal.wwwAuthenticate());
        }
    }

    @Test
    void authenticatesWithFirstAuthMessage() {
        try (TestServer server = TestServer.start();
             WsClient client = WsClient.connect(server.ws(), Map.of())) {
            String token = token("alice").sign();
            JsonObject reply = client.request("auth", Json.createObjectBuilder().add("token", token).build());
            assertEquals("result", reply.getString("type"), reply::toString);
            assertTrue(reply.getJsonObject("payload").containsKey("exp"), reply::toString);
            assertEquals("alice", whoami(client));
        }
    }

    private static String whoami(WsClient client) {
        JsonObject reply = client.request("whoami", null);
        assertEquals("result", reply.getString("type"), reply::toString);
        return reply.getJsonObject("payload").getString("sub");
    }
}
