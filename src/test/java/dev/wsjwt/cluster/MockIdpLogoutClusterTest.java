package dev.wsjwt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.LogoutTokens;
import dev.wsjwt.testing.MockIdp;
import dev.wsjwt.testing.NodeProcess;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Back-channel logout tokens signed by NAV's mock-oauth2-server (its own key, its own claims),
 * posted to one of two nodes joined through a real redis-server.
 */
class MockIdpLogoutClusterTest {

    private static final String AUDIENCE = "wsjwt-api";
    private static MockIdp idp;
    private static RedisServer redis;
    private static NodeProcess a;
    private static NodeProcess b;

    @BeforeAll
    static void startCluster() {
        idp = MockIdp.start();
        redis = RedisServer.start();
        Map<String, String> settings = Map.of(
                "mp.jwt.verify.publickey.location", idp.jwksUrl(),
                "mp.jwt.verify.issuer", idp.issuer(),
                "mp.jwt.verify.audiences", AUDIENCE,
                "wsjwt.logout.audiences", MockIdp.CLIENT_ID,
                "wsjwt.jwks.timeout", "15000",
                "wsjwt.cluster.redis", redis.url());
        a = NodeProcess.start("mockidp-a", settings);
        b = NodeProcess.start("mockidp-b", settings);
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis, idp}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private String token(String sub, String sid) {
        return idp.token(sub, AUDIENCE, Map.of("sid", sid, "permissions", List.of("chat:read")));
    }

    @Test
    void theProvidersLogoutTokenClosesTheSidOnBothNodes() {
        try (WsClient onA = WsClient.bearer(a.ws(), token("alice", "idp-sid"));
             WsClient onB = WsClient.bearer(b.ws(), token("alice", "idp-sid"));
             WsClient otherOnB = WsClient.bearer(b.ws(), token("alice", "other-idp-sid"))) {
            String logout = idp.logoutToken("alice", "idp-sid", MockIdp.CLIENT_ID);
            HttpResponse<String> answer = LogoutTokens.post(b.http("/oidc/backchannel-logout"), logout);
            assertEquals(200, answer.statusCode(), answer.body());
            for (WsClient closed : List.of(onA, onB)) {
                WsClient.Close close = closed.awaitClose();
                assertEquals(4401, close.code());
                assertEquals("logged out", close.reason());
            }
            assertEquals("result", otherOnB.request("whoami", null).getString("type"));
            assertEquals(400, LogoutTokens.post(a.http("/oidc/backchannel-logout"), logout).statusCode(), "replayed");
        }
    }

    @Test
    void theProvidersAccessTokenIsNoLogoutToken() {
        try (WsClient alice = WsClient.bearer(a.ws(), token("alice", "kept-sid"))) {
            // Signed by the same key, but for the API's audience, without the event: refused.
            HttpResponse<String> answer = LogoutTokens.post(a.http("/oidc/backchannel-logout"), token("alice", "kept-sid"));
            assertEquals(400, answer.statusCode());
            assertTrue(answer.body().contains("audience") || answer.body().contains("events"), answer.body());
            assertEquals("result", alice.request("whoami", null).getString("type"));
        }
    }
}
