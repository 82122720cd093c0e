package dev.wsjwt.session;

import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.testing.Frames;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code message} transport: no token at the upgrade, {@code auth} as the first message. */
class FirstMessageAuthTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(java.util.Map.of("wsjwt.auth.timeout", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void firstAuthMessageAuthenticatesTheSession() {
        TokenBuilder token = TokenBuilder.token("alice").permissions("chat:read");
        try (WsClient client = WsClient.unauthenticated(server.ws())) {
            assertEquals(token.expiresAt(),
                    result(client.request("auth", payload("token", token.sign()))).getJsonNumber("exp").longValueExact());
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"));
            // Authenticated well inside the deadline: the auth timer was replaced by the token's.
            result(client.request("chat.join", payload("room", "r")));
        }
    }

    @Test
    void anyOtherFirstMessageCloses4401() {
        try (WsClient client = WsClient.unauthenticated(server.ws())) {
            client.send("whoami", "w", null);
            Frames.closed(client.awaitClose(), 4401, "the first message must be auth");
        }
    }

    @Test
    void malformedFirstMessageCloses4401() {
        try (WsClient client = WsClient.unauthenticated(server.ws())) {
            client.sendText("not json");
            Frames.closed(client.awaitClose(), 4401, "the first message must be auth");
        }
    }

    @Test
    void noAuthWithinTheTimeoutCloses4408() {
        try (WsClient client = WsClient.unauthenticated(server.ws())) {
            Frames.closed(client.awaitClose(), 4408, "no auth message within 1s");
        }
    }

    @Test
    void refusedTokenInTheFirstAuthCloses4401() {
        try (WsClient client = WsClient.unauthenticated(server.ws())) {
            client.send("auth", "a", payload("token", TokenBuilder.token("alice").expiresIn(-600).sign()));
            Frames.closed(client.awaitClose(), 4401, "token expired");
        }
    }
}
