package dev.wsjwt.container;

import static dev.wsjwt.container.ContainerDeployments.CONNECT;
import static dev.wsjwt.container.ContainerDeployments.ORIGIN;
import static dev.wsjwt.container.ContainerDeployments.bearerChallenge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.LogoutTokens;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract's scenarios against the built WAR in a real container; failsafe runs this class
 * on Payara Micro and on WildFly. One deployment (Payara's adapter boots a JVM per deployment):
 * all transports, an origin allow-list and a connect permission, short timers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WsjwtIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> settings = ContainerDeployments.verifying();
        settings.put("wsjwt.token.transports", "header,subprotocol,query,message,ticket");
        settings.put("wsjwt.logout.audiences", LogoutTokens.CLIENT_ID);
        settings.put("wsjwt.origins", ORIGIN);
        settings.put("wsjwt.connect.permission", CONNECT);
        return ContainerDeployments.war("wsjwt.war", settings);
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void address() {
        ws = ContainerDeployments.ws(base);
    }

    /** A valid token that may connect, with {@code permissions} besides. */
    static TokenBuilder token(String sub, String... permissions) {
        List<String> all = new ArrayList<>(List.of(permissions));
        all.add(CONNECT);
        return TokenBuilder.token(sub).permissions(all.toArray(String[]::new));
    }

    static String sub(WsClient client) {
        JsonObject reply = client.request("whoami", null);
        assertEquals("result", reply.getString("type"), reply.toString());
        return reply.getJsonObject("payload").getString("sub");
    }

    // --- hostile traffic (issue 14): wsjwt's own limits hold on the runtime's WebSocket ------

    @Test
    void sizeLimitCountsUtf8BytesAndBinaryIsAFirstMessageLikeAnyOther() {
        // 22,000 three-byte characters: 66,000 bytes, over the default 65,536 (in characters, under it).
        String over = "{\"type\":\"whoami\",\"payload\":{\"pad\":\"" + "\u20ac".repeat(22_000) + "\"}}";
        try (WsClient client = WsClient.bearer(ws, token("bytes-user").sign())) {
            assertEquals("bytes-user", sub(client));
            client.sendText(over);
            assertEquals(1009, client.awaitClose().code());
        }
        try (WsClient anonymous = WsClient.unauthenticated(ws)) {
            anonymous.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(new WsClient.Close(4401, "the first message must be auth"), anonymous.awaitClose());
        }
    }

    // --- transports -------------------------------------------------------------------------

    @Test
    void aTicketFromTheServletOpensOneSession() throws Exception {
        java.net.http.HttpResponse<String> issued = LogoutTokens.send(java.net.http.HttpRequest.newBuilder(
                        base.toURI().resolve("wsjwt/ticket")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token("ticket-user").sign()).header("Origin", ORIGIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, issued.statusCode(), issued.body());
        assertEquals(ORIGIN, issued.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        String ticket = Json.createReader(new java.io.StringReader(issued.body())).readObject().getString("ticket");
        URI withTicket = URI.create(ws + "?ticket=" + ticket);
        try (WsClient client = WsClient.connect(withTicket, Map.of("Origin", ORIGIN))) {
            assertEquals("ticket-user", sub(client));
            WsClient.Refusal again = WsClient.refused(withTicket, Map.of("Origin", ORIGIN));
            assertEquals(401, again.status());
            assertTrue(again.wwwAuthenticate().contains("ticket already used"), again.wwwAuthenticate());
        }
    }

    @Test
    void aBackChannelLogoutClosesTheSidsSessions() throws Exception {
        String logoutUrl = base.toURI().resolve("oidc/backchannel-logout").toString();
        try (WsClient out = WsClient.bearer(ws, token("logout-user").claim("sid", "it-sid").sign());
             WsClient kept = WsClient.bearer(ws, token("logout-user").claim("sid", "it-other-sid").sign())) {
            java.net.http.HttpResponse<String> bad = LogoutTokens.post(logoutUrl,
                    LogoutTokens.forSid("it-sid").claim("nonce", "n").sign());
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("nonce"), bad.body());
            java.net.http.HttpResponse<String> answer = LogoutTokens.post(logoutUrl, LogoutTokens.forSid("it-sid").sign());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""));
            WsClient.Close close = out.awaitClose();
            assertEquals(4401, close.code());
            assertEquals("logged out", close.reason());
            assertEquals("logout-user", sub(kept));
        }
    }

    @Test
    void acceptsTokenInAuthorizationHeader() {
        try (WsClient client = WsClient.bearer(ws, token("header-user").sign())) {
            assertEquals("header-user", sub(client));
        }
    }

    @Test
    void acceptsTokenInSubprotocolAndSelectsOnlyTheApplicationProtocol() {
        try (WsClient client = WsClient.connect(ws, Map.of(), "wsjwt", "bearer." + token("subprotocol-user").sign())) {
            assertEquals("wsjwt", client.subprotocol());
            assertEquals("subprotocol-user", sub(client));
        }
    }

    /**
     * A token just under the default wsjwt.token.max-length (8192) in both places a browser or a
     * backend puts it: the runtime's HTTP header limit must let it through (server-config/,
     * docs/deploy.md; 8 KiB on a stock Payara refuses it with a bare 400).
     */
    @Test
    void acceptsTokenJustUnderTheLengthLimitInHeaderAndSubprotocol() {
        String token = token("many-groups-user").signJustUnder(8192);
        assertTrue(token.length() > 8180, () -> "token of " + token.length());
        try (WsClient client = WsClient.bearer(ws, token)) {
            assertEquals("many-groups-user", sub(client));
        }
        try (WsClient client = WsClient.connect(ws, Map.of(), "wsjwt", "bearer." + token)) {
            assertEquals("wsjwt", client.subprotocol());
            assertEquals("many-groups-user", sub(client));
        }
    }

    @Test
    void acceptsTokenInQuery() {
        String token = URLEncoder.encode(token("query-user").sign(), StandardCharsets.UTF_8);
        try (WsClient client = WsClient.connect(URI.create(ws + "?access_token=" + token), Map.of())) {
            assertEquals("query-user", sub(client));
        }
    }

    @Test
    void acceptsTokenInFirstMessage() {
        String token = token("message-user").sign();
        try (WsClient client = WsClient.connect(ws, Map.of())) {
            JsonObject reply = client.request("auth", Json.createObjectBuilder().add("token", token).build());
            assertEquals("result", reply.getString("type"), reply.toString());
            assertEquals("message-user", sub(client));
        }
    }

    @Test
    void closesMessageTransportConnectionWithoutAuthIn4408() {
        try (WsClient client = WsClient.connect(ws, Map.of())) {
            assertEquals(4408, client.awaitClose().code());
        }
    }

    // --- refusals ---------------------------------------------------------------------------

    @Test
    void refusesExpiredTokenWith401AndReason() {
        WsClient.Refusal refusal = WsClient.refused(ws,
                Map.of("Authorization", "Bearer " + token("expired-user").expiresIn(-60).sign()));
        assertEquals(new WsClient.Refusal(401, bearerChallenge("token expired")), refusal);
    }

    @Test
    void refusesWrongAudienceWith401AndReason() {
        WsClient.Refusal refusal = WsClient.refused(ws,
                Map.of("Authorization", "Bearer " + token("audience-user").claim("aud", "someone-else").sign()));
        assertEquals(401, refusal.status());
        assertTrue(refusal.wwwAuthenticate().startsWith(
                "Bearer error=\"invalid_token\", error_description=\"wrong audience"), refusal.wwwAuthenticate());
    }

    @Test
    void refusesMalformedAuthorizationHeaderWith401() {
        WsClient.Refusal refusal = WsClient.refused(ws, Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertEquals(new WsClient.Refusal(401, bearerChallenge("Authorization header is not 'Bearer <token>'")), refusal);
    }

    @Test
    void refusesForeignOriginWith403() {
        WsClient.Refusal refusal = WsClient.refused(ws, Map.of("Origin", "https://evil.example",
                "Authorization", "Bearer " + token("origin-user").sign()));
        assertEquals(new WsClient.Refusal(403,
                "Bearer error=\"invalid_request\", error_description=\"origin not allowed\""), refusal);
    }

    @Test
    void acceptsAllowedOrigin() {
        try (WsClient client = WsClient.connect(ws, Map.of("Origin", ORIGIN,
                "Authorization", "Bearer " + token("allowed-origin-user").sign()))) {
            assertEquals("allowed-origin-user", sub(client));
        }
    }

    @Test
    void refusesTokenWithoutConnectPermissionWith403() {
        WsClient.Refusal refusal = WsClient.refused(ws,
                Map.of("Authorization", "Bearer " + TokenBuilder.token("no-connect").permissions("chat:read").sign()));
        assertEquals(new WsClient.Refusal(403,
                "Bearer error=\"insufficient_scope\", error_description=\"missing permission '" + CONNECT + "'\""), refusal);
    }

    @Test
    void clientIgnoringTheRefusalIsServedNothing() throws Exception {
        RefusalIgnoringClient.Answer answer = RefusalIgnoringClient.send(ws,
                Map.of("Authorization", "Bearer " + token("ignoring-user").expiresIn(-60).sign()),
                "{\"type\":\"whoami\",\"id\":\"raw\"}", Duration.ofSeconds(3));
        System.out.printf("[%s] raw client after a refused upgrade: closed=%s, received=%n%s%n",
                ContainerDeployments.RUNTIME, answer.closedByServer(), answer.bytes());
        assertTrue(answer.statusLine().startsWith("HTTP/1.1 401"), answer.statusLine());
        assertFalse(answer.bytes().contains(" 101 "), "no upgrade");
        assertFalse(answer.bytes().contains("raw") || answer.bytes().contains("\"sub\""), "no reply to the frame");
        assertFalse(answer.bytes().indexOf((char) 0x81) >= 0 || answer.bytes().indexOf((char) 0x88) >= 0, "no WebSocket frame");
    }

    // --- messages and session lifetime ------------------------------------------------------

    @Test
    void refusesMessageWithoutPermissionAndKeepsSessionOpen() {
        try (WsClient client = WsClient.bearer(ws, token("reader", "chat:read").sign())) {
            JsonObject reply = client.request("chat.send",
                    Json.createObjectBuilder().add("room", "lobby").add("text", "hi").build());
            assertEquals("error", reply.getString("type"), reply.toString());
            assertEquals("forbidden", reply.getJsonObject("error").getString("code"));
            assertEquals("reader", sub(client));
            assertFalse(client.isClosed());
        }
    }

    @Test
    void sendsToTheRoomWithPermission() {
        try (WsClient reader = WsClient.bearer(ws, token("room-reader", "chat:read").sign());
             WsClient writer = WsClient.bearer(ws, token("room-writer", "chat:write").sign())) {
            JsonObject joined = reader.request("chat.join", Json.createObjectBuilder().add("room", "it").build());
            assertEquals("result", joined.getString("type"), joined.toString());
            JsonObject sent = writer.request("chat.send",
                    Json.createObjectBuilder().add("room", "it").add("text", "hello").build());
            assertEquals("result", sent.getString("type"), sent.toString());
            JsonObject push = reader.next("chat.message").getJsonObject("payload");
            assertEquals("room-writer", push.getString("from"));
            assertEquals("hello", push.getString("text"));
        }
    }

    @Test
    void reauthenticatesInBandWithSameSubject() {
        try (WsClient client = WsClient.bearer(ws, token("renewing").sign())) {
            long exp = Instant.now().getEpochSecond() + 900;
            JsonObject reply = client.request("auth",
                    Json.createObjectBuilder().add("token", token("renewing").claim("exp", exp).sign()).build());
            assertEquals("result", reply.getString("type"), reply.toString());
            assertEquals(exp, reply.getJsonObject("payload").getJsonNumber("exp").longValue());
            assertEquals(exp, client.request("whoami", null).getJsonObject("payload").getJsonNumber("exp").longValue());
        }
    }

    @Test
    void warnsThenClosesAtExpiryWith4401() {
        try (WsClient client = WsClient.bearer(ws, token("expiring").expiresIn(4).sign())) {
            assertEquals("auth.expiring", client.next().getString("type"));
            WsClient.Close close = client.awaitClose();
            assertEquals(new WsClient.Close(4401, "token expired"), close);
        }
    }

    @Test
    void revocationClosesTheOtherSubjectsSessionWith4401() {
        try (WsClient victim = WsClient.bearer(ws, token("revoked-user").sign());
             WsClient admin = WsClient.bearer(ws, token("admin", "sessions:revoke").sign())) {
            assertEquals("revoked-user", sub(victim));
            JsonObject reply = admin.request("session.revoke",
                    Json.createObjectBuilder().add("sub", "revoked-user").build());
            assertEquals("result", reply.getString("type"), reply.toString());
            assertEquals(4401, victim.awaitClose().code());
            assertFalse(admin.isClosed());
        }
    }

    // --- one principal per connection -------------------------------------------------------

    @Test
    void concurrentHandshakesEachSeeTheirOwnSubject() throws Exception {
        int n = 50;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(token("concurrent-" + i).sign());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> subjects = new ArrayList<>();
            for (String token : tokens) {
                Callable<String> connect = () -> {
                    start.await();
                    try (WsClient client = WsClient.bearer(ws, token)) {
                        return sub(client);
                    }
                };
                subjects.add(pool.submit(connect));
            }
            start.countDown();
            for (int i = 0; i < n; i++) {
                assertEquals("concurrent-" + i, subjects.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
