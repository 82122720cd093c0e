package dev.wsjwt.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.LogoutTokens;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One-time connection tickets through the real endpoint and a real WebSocket client. */
class TicketTest {

    static final String APP = "https://app.test";
    static final String OTHER = "https://other.test";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("wsjwt.token.transports", "header,subprotocol,query,message,ticket",
                "wsjwt.origins", APP + "," + OTHER));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> requestTicket(int port, String token, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wsjwt/ticket"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return LogoutTokens.send(request.build());
    }

    static String ticket(int port, String token, String origin) {
        HttpResponse<String> answer = requestTicket(port, token, origin);
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body()).getString("ticket");
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    static URI withTicket(URI ws, String ticket) {
        return URI.create(ws + "?ticket=" + ticket);
    }

    @Test
    void aTicketOpensOneSessionThatLivesAsTheToken() {
        TokenBuilder builder = TokenBuilder.token("alice").permissions("chat:read");
        String token = builder.sign();
        HttpResponse<String> answer = requestTicket(server.port(), token, APP);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(APP, answer.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        JsonObject issued = json(answer.body());
        assertEquals(30, issued.getInt("expires_in"));
        String ticket = issued.getString("ticket");
        assertEquals(43, ticket.length(), "256 bits, base64url");
        assertFalse(ticket.contains(token.substring(0, 20)));

        try (WsClient first = WsClient.connect(withTicket(server.ws(), ticket), Map.of("Origin", APP))) {
            JsonObject whoami = first.request("whoami", null).getJsonObject("payload");
            assertEquals("alice", whoami.getString("sub"));
            assertEquals(builder.expiresAt(), whoami.getJsonNumber("exp").longValue());

            WsClient.Refusal again = WsClient.refused(withTicket(server.ws(), ticket), Map.of("Origin", APP));
            assertEquals(401, again.status());
            assertTrue(again.wwwAuthenticate().contains("ticket already used"), again.wwwAuthenticate());
            assertEquals("result", first.request("whoami", null).getString("type"), "the first session was affected");
        }
    }

    @Test
    void refusesUnknownForgedAndWrongOriginTickets() {
        String forged = "A".repeat(43);
        assertRefused(withTicket(server.ws(), forged), Map.of(), "unknown ticket");
        assertRefused(withTicket(server.ws(), "short"), Map.of(), "unknown ticket");

        String bound = ticket(server.port(), TokenBuilder.token("bob").sign(), APP);
        assertRefused(withTicket(server.ws(), bound), Map.of("Origin", OTHER), "another origin");
        assertRefused(withTicket(server.ws(), bound), Map.of("Origin", APP), "already used");

        String unbound = ticket(server.port(), TokenBuilder.token("bob").sign(), null);
        try (WsClient bob = WsClient.connect(withTicket(server.ws(), unbound), Map.of())) {
            assertEquals("bob", bob.request("whoami", null).getJsonObject("payload").getString("sub"));
        }
    }

    @Test
    void refusesAnExpiredTicket() throws InterruptedException {
        // A ticket never outlives its token: this one's token expires in two seconds.
        String ticket = ticket(server.port(), TokenBuilder.token("carol").expiresIn(2).sign(), null);
        Thread.sleep(3000); // time itself is what is tested: the ticket must be past its expiry
        assertRefused(withTicket(server.ws(), ticket), Map.of(), "ticket expired");
    }

    @Test
    void theEndpointRefusesBadTokensOtherOriginsAndFloods() {
        HttpResponse<String> none = requestTicket(server.port(), null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        HttpResponse<String> expired = requestTicket(server.port(), TokenBuilder.token("dan").expiresIn(-120).sign(), null);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.body().contains("expired"), expired.body());

        HttpResponse<String> evil = requestTicket(server.port(), TokenBuilder.token("dan").sign(), "https://evil.test");
        assertEquals(403, evil.statusCode());
        assertFalse(evil.headers().firstValue("Access-Control-Allow-Origin").isPresent());

        HttpResponse<String> preflight = LogoutTokens.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/wsjwt/ticket"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization").build());
        assertEquals(204, preflight.statusCode());
        assertEquals(APP, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        HttpResponse<String> evilPreflight = LogoutTokens.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/wsjwt/ticket"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.test").build());
        assertEquals(403, evilPreflight.statusCode());

        String token = TokenBuilder.token("flooder").sign();
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            if (requestTicket(server.port(), token, null).statusCode() == 429) {
                limited++;
            }
        }
        assertTrue(limited >= 10, "30 requests in a burst of 10: " + limited + " refused");
        assertEquals(200, requestTicket(server.port(), TokenBuilder.token("someone-else").sign(), null).statusCode(),
                "another subject was limited too");
    }

    private static void assertRefused(URI uri, Map<String, String> headers, String reason) {
        WsClient.Refusal refusal = WsClient.refused(uri, headers);
        assertEquals(401, refusal.status());
        assertTrue(refusal.wwwAuthenticate().contains(reason), refusal.wwwAuthenticate());
    }
}
