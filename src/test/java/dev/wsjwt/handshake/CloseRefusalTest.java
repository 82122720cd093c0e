package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wsjwt.handshake.refusal=close}: the upgrade completes, then closes 4401/4403 before serving anything. */
class CloseRefusalTest {

    @Test
    void closesWith4401AndTheReasonForAnInvalidToken() throws Exception {
        try (TestServer server = TestServer.start(close(Map.of()));
             WsClient client = WsClient.bearer(server.ws(), token("alice").issuedSecondsAgo(900).expiresIn(-600).sign())) {
            assertClosedUnserved(client, 4401, "token expired");
        }
    }

    @Test
    void closesWith4401ForAMissingToken() throws Exception {
        try (TestServer server = TestServer.start(close(Map.of("wsjwt.token.transports", "header")));
             WsClient client = WsClient.connect(server.ws(), Map.of())) {
            assertClosedUnserved(client, 4401, "missing token (accepted in: [header])");
        }
    }

    @Test
    void closesWith4403ForAMissingConnectPermission() throws Exception {
        try (TestServer server = TestServer.start(close(Map.of("wsjwt.connect.permission", "chat:connect")));
             WsClient client = WsClient.bearer(server.ws(), token("alice").permissions("chat:read").sign())) {
            assertClosedUnserved(client, 4403, "missing permission 'chat:connect'");
        }
    }

    @Test
    void closesWith4403ForADisallowedOrigin() throws Exception {
        try (TestServer server = TestServer.start(close(Map.of("wsjwt.origins", "https://app.test")));
             WsClient client = WsClient.connect(server.ws(), Map.of("Authorization", "Bearer " + token("alice").sign(),
                     "Origin", "https://evil.test"))) {
            assertClosedUnserved(client, 4403, "origin not allowed");
        }
    }

    @Test
    void servesAValidTokenAsUsual() {
        try (TestServer server = TestServer.start(close(Map.of()));
             WsClient client = WsClient.bearer(server.ws(), token("alice").sign())) {
            assertEquals("alice", client.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }

    private static Map<String, String> close(Map<String, String> more) {
        Map<String, String> config = new HashMap<>(more);
        config.put("wsjwt.handshake.refusal", "close");
        return config;
    }

    /** Asks at once, then expects the close and no message: frames arrive in order, so none can follow it. */
    private static void assertClosedUnserved(WsClient client, int code, String reason) throws InterruptedException {
        try {
            client.send("whoami", "1", null);
        } catch (RuntimeException alreadyClosed) {
            // the server may have closed before the request left: nothing to serve either way
        }
        assertEquals(new WsClient.Close(code, reason), client.awaitClose());
        assertNull(client.poll(Duration.ZERO), "a message was served before the close");
    }
}
