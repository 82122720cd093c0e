package dev.wsjwt.standalone;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that ignores the 401 and speaks WebSocket anyway gets nothing: the server closes the
 * TCP connection after the refusal and serves no frame.
 */
class RefusedUpgradeRawSocketTest {

    private static final String WHOAMI = "{\"type\":\"whoami\",\"id\":\"1\"}";

    @Test
    void closesConnectionAndServesNoFrameAfterReadingTheRefusal() throws Exception {
        try (TestServer server = TestServer.start();
             RawUpgrade raw = RawUpgrade.connect(server.port())) {
            raw.sendUpgrade(server.port(), "/ws/chat", Map.of("Authorization", "Bearer " + expired()));
            RawUpgrade.Head head = raw.readHead();
            assertEquals(401, head.status());
            assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\"", head.headers().get("www-authenticate"));
            raw.trySendText(WHOAMI);
            raw.trySendText(WHOAMI);
            RawUpgrade.Rest rest = raw.readUntilClosed();
            assertArrayEquals(new byte[0], rest.bytes(), () -> "served after refusal: " + text(rest.bytes()));
            assertServesGoodClient(server);
        }
    }

    @Test
    void closesConnectionAndServesNoFrameWhenFramesFollowTheUpgradeUnread() throws Exception {
        try (TestServer server = TestServer.start();
             RawUpgrade raw = RawUpgrade.connect(server.port())) {
            raw.sendUpgrade(server.port(), "/ws/chat", Map.of("Authorization", "Bearer " + expired()));
            raw.trySendText(WHOAMI);
            raw.trySendText(WHOAMI);
            RawUpgrade.Head head = raw.readHead();
            assertEquals(401, head.status());
            RawUpgrade.Rest rest = raw.readUntilClosed();
            assertArrayEquals(new byte[0], rest.bytes(), () -> "served after refusal: " + text(rest.bytes()));
            assertServesGoodClient(server);
        }
    }

    private static String expired() {
        return token("alice").issuedSecondsAgo(900).expiresIn(-600).sign();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void assertServesGoodClient(TestServer server) {
        try (WsClient good = WsClient.bearer(server.ws(), token("bob").sign())) {
            assertEquals("bob", good.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }
}
