package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token as long as {@code wsjwt.token.max-length} allows reaches the verifier, whatever the
 * HTTP layer's own header limit: accepted in the header and in the subprotocol, and refused with
 * a reason (not a bare 400) when both carry one.
 */
class LargeTokenTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(); // the default limit, 8192
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptsTokenJustUnderTheDefaultLimitInTheAuthorizationHeader() {
        String token = token("many-groups").signJustUnder(8192);
        assertTrue(token.length() > 8180, () -> "token of " + token.length());
        try (WsClient client = WsClient.bearer(server.ws(), token)) {
            assertEquals("many-groups", client.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }

    @Test
    void acceptsTokenJustUnderTheDefaultLimitInTheSubprotocol() {
        String token = token("many-groups").signJustUnder(8192);
        try (WsClient client = WsClient.connect(server.ws(), Map.of(), "wsjwt", "bearer." + token)) {
            assertEquals("many-groups", client.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }

    @Test
    void refusesTwoFullLengthTokensWithAReasonNotABare400() {
        String token = token("many-groups").signJustUnder(8192);
        WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + token),
                "wsjwt", "bearer." + token);
        assertEquals(401, refusal.status(), refusal::toString);
        assertEquals("Bearer error=\"invalid_token\", error_description=\"more than one token in the handshake ([header, subprotocol])\"",
                refusal.wwwAuthenticate());
    }

    @Test
    void followsAConfiguredLimitAboveTheDefault() {
        try (TestServer larger = TestServer.start(Map.of("wsjwt.token.max-length", "20000"))) {
            String token = token("more-groups").signJustUnder(20000);
            try (WsClient client = WsClient.bearer(larger.ws(), token)) {
                assertEquals("more-groups", client.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
        }
    }
}
