package dev.wsjwt.container;

import static dev.wsjwt.container.ContainerDeployments.bearerChallenge;
import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application ({@code src/example}: a user's WAR depending on {@code dev.wsjwt:wsjwt})
 * on Payara Micro and on WildFly, through both of its endpoints: the CDI message service
 * {@code OrderService} at {@code /ws/orders} and the annotated {@code EchoEndpoint} at
 * {@code /ws/echo}. One deployment (Payara's adapter boots a JVM per deployment) with the test
 * key, clock skew 0 and a 2 s expiry warning.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExampleIT {

    static final String MISSING_AT_ECHO = "missing token (accepted in: [header, query, subprotocol])";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ExampleDeployments.example("wsjwt-example.war", ContainerDeployments.verifying());
    }

    @ArquillianResource
    URL base;

    URI orders;
    URI echo;

    @BeforeEach
    void address() {
        // Payara's adapter names the first non-loopback address in its URL; both also listen on loopback.
        String context = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        orders = URI.create("ws://127.0.0.1:" + base.getPort() + context + "ws/orders");
        echo = URI.create("ws://127.0.0.1:" + base.getPort() + context + "ws/echo");
    }

    static String sub(WsClient client) {
        return result(client.request("whoami", null)).getString("sub");
    }

    /** Sends {@code text} to the echo endpoint and returns its JSON answer. */
    static JsonObject echoed(WsClient client, String text) {
        client.sendText(text);
        return client.next("echo");
    }

    // --- accepted -----------------------------------------------------------------------------

    @Test
    void messageServiceAcceptsValidToken() {
        try (WsClient client = WsClient.bearer(orders, TokenBuilder.token("alice").sign())) {
            assertEquals("alice", sub(client));
        }
    }

    @Test
    void annotatedEndpointAcceptsValidTokenAndItsSessionPrincipalIsTheToken() {
        try (WsClient client = WsClient.bearer(echo, TokenBuilder.token("bob").sign())) {
            JsonObject answer = echoed(client, "hello");
            assertEquals("bob", answer.getString("sub"), answer::toString); // user property dev.wsjwt.principal
            assertEquals("bob", answer.getString("principalFromSession"), answer::toString); // Session.getUserPrincipal()
            assertEquals("hello", answer.getString("echo"), answer::toString);
        }
    }

    @Test
    void annotatedEndpointAcceptsTokenInSubprotocolAndSelectsOnlyTheApplicationProtocol() {
        try (WsClient client = WsClient.connect(echo, Map.of(), "wsjwt", "bearer." + TokenBuilder.token("carol").sign())) {
            assertEquals("wsjwt", client.subprotocol());
            assertEquals("carol", echoed(client, "hi").getString("principalFromSession"));
        }
    }

    // --- refused ------------------------------------------------------------------------------

    @Test
    void messageServiceRefusesExpiredTokenWith401AndReason() {
        WsClient.Refusal refusal = WsClient.refused(orders,
                Map.of("Authorization", "Bearer " + TokenBuilder.token("expired").expiresIn(-60).sign()));
        assertEquals(new WsClient.Refusal(401, bearerChallenge("token expired")), refusal);
    }

    @Test
    void annotatedEndpointRefusesExpiredTokenWith401AndReason() {
        WsClient.Refusal refusal = WsClient.refused(echo,
                Map.of("Authorization", "Bearer " + TokenBuilder.token("expired").expiresIn(-60).sign()));
        assertEquals(new WsClient.Refusal(401, bearerChallenge("token expired")), refusal);
    }

    @Test
    void annotatedEndpointRefusesMissingTokenWith401AndReason() {
        assertEquals(new WsClient.Refusal(401, bearerChallenge(MISSING_AT_ECHO)), WsClient.refused(echo, Map.of()));
    }

    @Test
    void clientIgnoringTheRefusalIsServedNothingByTheMessageService() throws Exception {
        assertServedNothing(RefusalIgnoringClient.send(orders,
                Map.of("Authorization", "Bearer " + TokenBuilder.token("ignoring").expiresIn(-60).sign()),
                "{\"type\":\"whoami\",\"id\":\"raw\"}", Duration.ofSeconds(3)), "token expired");
    }

    @Test
    void clientIgnoringTheRefusalIsServedNothingByTheAnnotatedEndpoint() throws Exception {
        assertServedNothing(RefusalIgnoringClient.send(echo, Map.of(), "raw-frame", Duration.ofSeconds(3)), MISSING_AT_ECHO);
    }

    private static void assertServedNothing(RefusalIgnoringClient.Answer answer, String reason) {
        System.out.printf("[%s] raw client after a refused upgrade: closed=%s, received=%n%s%n",
                ContainerDeployments.RUNTIME, answer.closedByServer(), answer.bytes());
        assertTrue(answer.statusLine().startsWith("HTTP/1.1 401"), answer.statusLine());
        assertTrue(answer.bytes().contains(bearerChallenge(reason)), answer.bytes());
        assertFalse(answer.bytes().contains(" 101 "), "no upgrade");
        assertFalse(answer.bytes().contains("raw"), "no answer to the frame");
        assertFalse(answer.bytes().indexOf((char) 0x81) >= 0 || answer.bytes().indexOf((char) 0x88) >= 0, "no WebSocket frame");
    }

    // --- injection ----------------------------------------------------------------------------

    @Test
    void messageServiceSeesItsInjectedBean() {
        try (WsClient client = WsClient.bearer(orders, TokenBuilder.token("anyone").sign())) {
            JsonObject stock = result(client.request("orders.stock", null)).getJsonObject("stock");
            assertTrue(stock.containsKey("apple") && stock.containsKey("pear"), stock::toString);
        }
    }

    @Test
    void annotatedEndpointSeesItsInjectedBean() {
        try (WsClient client = WsClient.bearer(echo, TokenBuilder.token("dave").sign())) {
            JsonObject answer = echoed(client, "injected?");
            assertTrue(answer.getBoolean("injected"), answer::toString);
        }
    }

    // --- per-message access -------------------------------------------------------------------

    @Test
    void rolesAllowedAcceptsAnyOneOfItsPermissions() {
        try (WsClient admin = WsClient.bearer(orders, TokenBuilder.token("admin").permissions("orders:admin").sign());
             WsClient reader = WsClient.bearer(orders, TokenBuilder.token("reader").permissions("orders:read").sign())) {
            assertTrue(result(admin.request("orders.list", null)).containsKey("orders"));
            assertTrue(result(reader.request("orders.list", null)).containsKey("orders"));
        }
    }

    @Test
    void rolesAllowedRefusesOthersAndKeepsTheSessionOpen() {
        try (WsClient writer = WsClient.bearer(orders, TokenBuilder.token("writer").permissions("orders:write").sign())) {
            error(writer.request("orders.list", null), "forbidden");
            assertEquals("writer", sub(writer));
            assertFalse(writer.isClosed());
        }
    }

    @Test
    void denyAllRefusesEvenEveryPermissionAndKeepsTheSessionOpen() {
        try (WsClient client = WsClient.bearer(orders, TokenBuilder.token("root")
                .permissions("orders:read", "orders:write", "orders:admin").sign())) {
            error(client.request("orders.purge", null), "forbidden");
            assertEquals("root", sub(client));
            assertFalse(client.isClosed());
        }
    }

    // --- push ---------------------------------------------------------------------------------

    @Test
    void placedOrderIsPushedToWatchersWithReadPermission() throws Exception {
        try (WsClient watcher = WsClient.bearer(orders, TokenBuilder.token("watcher").permissions("orders:read").sign());
             WsClient stranger = WsClient.bearer(orders, TokenBuilder.token("stranger").permissions("orders:write").sign());
             WsClient buyer = WsClient.bearer(orders, TokenBuilder.token("buyer").permissions("orders:write").sign())) {
            assertEquals(payload(), result(watcher.request("orders.watch", null)));
            error(stranger.request("orders.watch", null), "forbidden");

            JsonObject placed = result(buyer.request("orders.place",
                    Json.createObjectBuilder().add("item", "pear").add("quantity", 2).build()));
            assertEquals("buyer", placed.getString("by"), placed::toString);

            JsonObject push = watcher.next("orders.placed").getJsonObject("payload");
            assertEquals(placed, push);
            assertNull(stranger.poll(Duration.ofMillis(500)), "a session that may not watch got a push");
        }
    }

    // --- end of the token's life --------------------------------------------------------------

    @Test
    void messageServiceSessionWarnsThenClosesAtExpiryWith4401() {
        TokenBuilder token = TokenBuilder.token("expiring").expiresIn(4);
        try (WsClient client = WsClient.bearer(orders, token.sign())) {
            assertEquals("expiring", sub(client));
            assertEquals("auth.expiring", client.next().getString("type"));
            assertEquals(new WsClient.Close(4401, "token expired"), client.awaitClose());
            assertNotBefore(token.expiresAt());
        }
    }

    @Test
    void annotatedEndpointSessionClosesAtExpiryWith4401() {
        TokenBuilder token = TokenBuilder.token("expiring-echo").expiresIn(4);
        try (WsClient client = WsClient.bearer(echo, token.sign())) {
            assertEquals("expiring-echo", echoed(client, "still here").getString("principalFromSession"));
            assertEquals(new WsClient.Close(4401, "token expired"), client.awaitClose());
            assertNotBefore(token.expiresAt());
        }
    }

    @Test
    void revocationClosesTheSubjectsSessionsOnBothEndpointStylesAndRefusesItsToken() {
        String token = TokenBuilder.token("blocked-user").permissions("orders:read").sign();
        try (WsClient admin = WsClient.bearer(orders, TokenBuilder.token("admin").permissions("orders:admin").sign());
             WsClient onOrders = WsClient.bearer(orders, token);
             WsClient onEcho = WsClient.bearer(echo, token)) {
            assertEquals("blocked-user", sub(onOrders));
            assertEquals("blocked-user", echoed(onEcho, "before").getString("principalFromSession"));

            JsonObject blocked = result(admin.request("orders.block", payload("sub", "blocked-user")));
            assertEquals(2, blocked.getInt("closed"), blocked::toString);
            assertEquals(new WsClient.Close(4401, "session revoked"), onOrders.awaitClose());
            assertEquals(new WsClient.Close(4401, "session revoked"), onEcho.awaitClose());
            assertEquals(401, WsClient.refused(echo, Map.of("Authorization", "Bearer " + token)).status());
            assertEquals("admin", sub(admin)); // the moderator's own session goes on
        }
    }

    /** The close came at {@code exp} or later (clock skew 0; same machine's clock). */
    private static void assertNotBefore(long exp) {
        long now = System.currentTimeMillis();
        assertTrue(now >= exp * 1000 - 100, "closed " + (exp * 1000 - now) + " ms before exp");
    }
}
