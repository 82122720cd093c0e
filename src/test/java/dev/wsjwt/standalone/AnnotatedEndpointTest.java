package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ConfigLookup;
import dev.wsjwt.example.app.EchoEndpoint;
import dev.wsjwt.testing.RawUpgrade;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example's annotated endpoint ({@code @ServerEndpoint(configurator = WsjwtConfigurator.class)})
 * on the standalone server, registered as a standalone user does. There is no CDI here, so its
 * {@code @Inject} field stays null; everything else is as in the containers ({@code ExampleIT}).
 */
class AnnotatedEndpointTest {

    static final String MISSING = "Bearer error=\"invalid_token\", error_description=\"missing token (accepted in: [header, query, subprotocol])\"";
    static final String EXPIRED = "Bearer error=\"invalid_token\", error_description=\"token expired\"";

    private static StandaloneApp app;
    private static URI echo;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = Map.of(
                "mp.jwt.verify.publickey", TestKeys.jwks(TestKeys.RSA),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                "mp.jwt.verify.clock.skew", "0",
                "wsjwt.session.expiry-warning", "2",
                "wsjwt.host", "127.0.0.1",
                "wsjwt.port", "0");
        app = StandaloneApp.start(ConfigLookup.of(settings), Clock.systemUTC(),
                endpoints -> endpoints.annotated(EchoEndpoint.class));
        echo = URI.create("ws://127.0.0.1:" + app.port() + "/ws/echo");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static JsonObject echoed(WsClient client, String text) {
        client.sendText(text);
        return client.next("echo");
    }

    @Test
    void acceptsBearerTokenAndTheSessionPrincipalIsTheVerifiedToken() {
        try (WsClient client = WsClient.bearer(echo, TokenBuilder.token("alice").sign())) {
            JsonObject answer = echoed(client, "hello");
            assertEquals("alice", answer.getString("sub"), answer::toString); // user property dev.wsjwt.principal
            assertEquals("alice", answer.getString("principalFromSession"), answer::toString); // Session.getUserPrincipal()
            assertEquals("hello", answer.getString("echo"), answer::toString);
            assertFalse(answer.getBoolean("injected"), "no CDI standalone: " + answer);
        }
    }

    @Test
    void eachConnectionSeesItsOwnPrincipal() {
        try (WsClient alice = WsClient.bearer(echo, TokenBuilder.token("alice").sign());
             WsClient bob = WsClient.bearer(echo, TokenBuilder.token("bob").sign())) {
            assertEquals("bob", echoed(bob, "1").getString("principalFromSession"));
            assertEquals("alice", echoed(alice, "2").getString("principalFromSession"));
        }
    }

    @Test
    void acceptsTokenInSubprotocolAndSelectsOnlyTheApplicationProtocol() {
        try (WsClient client = WsClient.connect(echo, Map.of(), "wsjwt", "bearer." + TokenBuilder.token("carol").sign())) {
            assertEquals("wsjwt", client.subprotocol());
            assertEquals("carol", echoed(client, "hi").getString("principalFromSession"));
        }
    }

    @Test
    void refusesMissingTokenWith401AndReason() {
        assertEquals(new WsClient.Refusal(401, MISSING), WsClient.refused(echo, Map.of()));
    }

    @Test
    void refusesExpiredTokenWith401AndReason() {
        assertEquals(new WsClient.Refusal(401, EXPIRED),
                WsClient.refused(echo, Map.of("Authorization", "Bearer " + TokenBuilder.token("late").expiresIn(-60).sign())));
    }

    @Test
    void rawClientIgnoringTheRefusalIsServedNothing() throws Exception {
        try (RawUpgrade raw = RawUpgrade.connect(app.port())) {
            raw.sendUpgrade(app.port(), "/ws/echo", Map.of());
            RawUpgrade.Head head = raw.readHead();
            assertEquals(401, head.status());
            assertEquals(MISSING, head.headers().get("www-authenticate"));
            raw.trySendText("raw-frame");
            RawUpgrade.Rest rest = raw.readUntilClosed();
            assertArrayEquals(new byte[0], rest.bytes(),
                    () -> "served after refusal: " + new String(rest.bytes(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void closesAtExpiryWith4401() {
        TokenBuilder token = TokenBuilder.token("expiring").expiresIn(3);
        try (WsClient client = WsClient.bearer(echo, token.sign())) {
            assertEquals("expiring", echoed(client, "still here").getString("principalFromSession"));
            assertEquals(new WsClient.Close(4401, "token expired"), client.awaitClose());
            long now = System.currentTimeMillis();
            assertTrue(now >= token.expiresAt() * 1000 - 100, "closed " + (token.expiresAt() * 1000 - now) + " ms before exp");
        }
    }
}
