package dev.wsjwt.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.LogoutTokens;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Back-channel logout on the real standalone server: real posts, real WebSocket clients. */
class BackChannelLogoutTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("wsjwt.logout.audiences", LogoutTokens.CLIENT_ID));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/oidc/backchannel-logout";
    }

    private static WsClient session(String sub, String sid) {
        return WsClient.bearer(server.ws(), TokenBuilder.token(sub).claim("sid", sid).sign());
    }

    private static void assertOpen(WsClient client) {
        assertEquals("result", client.request("whoami", null).getString("type"), "a session not named was closed");
    }

    @Test
    void closesTheSessionsOfTheSidAndRefusesItsTokensAfterwards() {
        String token = TokenBuilder.token("alice").claim("sid", "sid-1").sign();
        try (WsClient first = WsClient.bearer(server.ws(), token);
             WsClient second = session("alice", "sid-1");
             WsClient otherSession = session("alice", "sid-2");
             WsClient bob = session("bob", "sid-3")) {
            HttpResponse<String> answer = LogoutTokens.post(url(), LogoutTokens.forSid("sid-1").sign());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""));

            for (WsClient closed : List.of(first, second)) {
                WsClient.Close close = closed.awaitClose();
                assertEquals(4401, close.code());
                assertEquals("logged out", close.reason());
            }
            assertOpen(otherSession);
            assertOpen(bob);
            WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + token));
            assertEquals(401, refusal.status());
            assertTrue(refusal.wwwAuthenticate().contains("logged out"), refusal.wwwAuthenticate());
        }
    }

    @Test
    void withoutSidClosesEverySessionOfTheSubject() {
        try (WsClient one = session("carol", "c-1");
             WsClient two = session("carol", "c-2");
             WsClient dave = session("dave", "d-1")) {
            assertEquals(200, LogoutTokens.post(url(), LogoutTokens.forSubject("carol").sign()).statusCode());
            assertEquals(4401, one.awaitClose().code());
            assertEquals("logged out", two.awaitClose().reason());
            assertOpen(dave);
        }
    }

    @Test
    void refusesEachBadLogoutTokenWith400AndClosesNothing() {
        String replayed = LogoutTokens.forSid("replay-me").sign();
        List<Object[]> cases = new ArrayList<>(List.of(
                new Object[] {"unsigned", unsigned(LogoutTokens.forSid("bad").sign()), "algorithm not allowed"},
                new Object[] {"unknown key", LogoutTokens.forSid("bad").signedWith(TestKeys.RSA_OTHER, "RS256").sign(), "key"},
                new Object[] {"expired", LogoutTokens.forSid("bad").expiresIn(-300).issuedSecondsAgo(100).sign(), "expired"},
                new Object[] {"too old", LogoutTokens.forSid("bad").issuedSecondsAgo(600).sign(), "too old"},
                new Object[] {"iat in the future", LogoutTokens.forSid("bad").expiresIn(1800).claim("iat",
                        java.time.Instant.now().getEpochSecond() + 600).sign(), "future"},
                new Object[] {"no iat", LogoutTokens.forSid("bad").without("iat").sign(), "iat"},
                new Object[] {"other audience", LogoutTokens.forSid("bad").claim("aud", "someone-else").sign(), "audience"},
                new Object[] {"access token audience", LogoutTokens.forSid("bad").claim("aud", TokenBuilder.AUDIENCE).sign(), "audience"},
                new Object[] {"other issuer", LogoutTokens.forSid("bad").claim("iss", "https://evil.test/").sign(), "issuer"},
                new Object[] {"nonce", LogoutTokens.forSid("bad").claim("nonce", "n").sign(), "nonce"},
                new Object[] {"no event", LogoutTokens.forSid("bad").without("events").sign(), "events"},
                new Object[] {"other event", LogoutTokens.forSid("bad").claim("events",
                        Map.of("http://schemas.openid.net/event/other", Map.of())).sign(), "events"},
                new Object[] {"neither sid nor sub", LogoutTokens.forSid("bad").without("sid").without("sub").sign(), "neither sid nor sub"},
                new Object[] {"no jti", LogoutTokens.forSid("bad").without("jti").sign(), "jti"},
                new Object[] {"wrong typ", LogoutTokens.forSid("bad").header("typ", "at+jwt").sign(), "typ"},
                new Object[] {"not a JWT", "garbage", "malformed"}));
        try (WsClient victim = session("alice", "bad");
             WsClient bySub = session("alice", "other")) {
            assertEquals(200, LogoutTokens.post(url(), replayed).statusCode(), "the first use");
            cases.add(new Object[] {"replayed", replayed, "replayed"});
            for (Object[] bad : cases) {
                HttpResponse<String> answer = LogoutTokens.post(url(), (String) bad[1]);
                assertEquals(400, answer.statusCode(), bad[0] + ": " + answer.body());
                assertTrue(answer.body().contains("\"error\":\"invalid_request\""), bad[0] + ": " + answer.body());
                assertTrue(answer.body().contains((String) bad[2]), bad[0] + ": " + answer.body());
                assertFalse(answer.body().contains((String) bad[1]), bad[0] + ": the answer echoes the token");
            }
            assertEquals(400, LogoutTokens.postForm(url(), "nothing=here").statusCode());
            assertEquals(405, LogoutTokens.send(HttpRequest.newBuilder(URI.create(url())).GET().build()).statusCode());
            assertOpen(victim);
            assertOpen(bySub);
        }
    }

    private static String unsigned(String token) {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}".getBytes());
        return header + token.substring(token.indexOf('.'), token.lastIndexOf('.') + 1);
    }
}
