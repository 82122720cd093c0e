package dev.wsjwt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.LogoutTokens;
import dev.wsjwt.testing.NodeProcess;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Back-channel logout and connection tickets on two standalone nodes joined through a real
 * redis-server, and a third node started after the logout.
 */
class LogoutAndTicketClusterTest {

    private static JwksServer jwks;
    private static RedisServer redis;
    private static NodeProcess a;
    private static NodeProcess b;

    @BeforeAll
    static void startCluster() {
        jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA));
        redis = RedisServer.start();
        a = NodeProcess.start("logout-a", nodeSettings());
        b = NodeProcess.start("logout-b", nodeSettings());
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis, jwks}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static Map<String, String> nodeSettings() {
        return Map.of(
                "mp.jwt.verify.publickey.location", jwks.url(),
                "mp.jwt.verify.issuer", TokenBuilder.ISSUER,
                "mp.jwt.verify.audiences", TokenBuilder.AUDIENCE,
                "wsjwt.logout.audiences", LogoutTokens.CLIENT_ID,
                "wsjwt.token.transports", "header,message,ticket",
                "wsjwt.cluster.redis", redis.url());
    }

    private static String token(String sub, String sid) {
        return TokenBuilder.token(sub).claim("sid", sid).sign();
    }

    private static void assertOpen(WsClient client) {
        assertEquals("result", client.request("whoami", null).getString("type"), "a session not named was closed");
    }

    @Test
    void aLogoutOnOneNodeClosesTheSidOnBothAndANodeStartedLaterRefusesIt() {
        String loggedOut = token("alice", "cluster-sid");
        try (WsClient onA = WsClient.bearer(a.ws(), loggedOut);
             WsClient onB = WsClient.bearer(b.ws(), token("alice", "cluster-sid"));
             WsClient otherSidOnB = WsClient.bearer(b.ws(), token("alice", "another-sid"));
             WsClient bobOnA = WsClient.bearer(a.ws(), token("bob", "bob-sid"))) {
            HttpResponse<String> answer = LogoutTokens.post(a.http("/oidc/backchannel-logout"),
                    LogoutTokens.forSid("cluster-sid").sign());
            assertEquals(200, answer.statusCode(), answer.body());
            for (WsClient closed : List.of(onA, onB)) {
                WsClient.Close close = closed.awaitClose();
                assertEquals(4401, close.code());
                assertEquals("logged out", close.reason());
            }
            assertOpen(otherSidOnB);
            assertOpen(bobOnA);
            assertEquals(401, WsClient.refused(b.ws(), Map.of("Authorization", "Bearer " + loggedOut)).status());
        }
        try (NodeProcess late = NodeProcess.start("logout-late", nodeSettings())) {
            WsClient.Refusal refusal = WsClient.refused(late.ws(), Map.of("Authorization", "Bearer " + loggedOut));
            assertEquals(401, refusal.status());
            assertTrue(refusal.wwwAuthenticate().contains("logged out"), refusal.wwwAuthenticate());
            try (WsClient fine = WsClient.bearer(late.ws(), token("alice", "fresh-sid"))) {
                assertOpen(fine);
            }
        }
    }

    @Test
    void aLogoutTokenIsAcceptedOnceAcrossNodes() {
        String logout = LogoutTokens.forSid("replayed-across").sign();
        assertEquals(200, LogoutTokens.post(a.http("/oidc/backchannel-logout"), logout).statusCode());
        HttpResponse<String> replay = LogoutTokens.post(b.http("/oidc/backchannel-logout"), logout);
        assertEquals(400, replay.statusCode());
        assertTrue(replay.body().contains("replayed"), replay.body());
    }

    @Test
    void aTicketIsRedeemedOnceAcrossNodes() {
        HttpResponse<String> issued = LogoutTokens.send(HttpRequest.newBuilder(URI.create(a.http("/wsjwt/ticket")))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token("erin", "erin-sid"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, issued.statusCode(), issued.body());
        String ticket = Json.createReader(new StringReader(issued.body())).readObject().getString("ticket");
        try (WsClient onB = WsClient.connect(URI.create(b.ws() + "?ticket=" + ticket), Map.of())) {
            assertEquals("erin", onB.request("whoami", null).getJsonObject("payload").getString("sub"));
            WsClient.Refusal onA = WsClient.refused(URI.create(a.ws() + "?ticket=" + ticket), Map.of());
            assertEquals(401, onA.status());
            assertTrue(onA.wwwAuthenticate().contains("ticket already used"), onA.wwwAuthenticate());
            assertOpen(onB);
        }
    }
}
