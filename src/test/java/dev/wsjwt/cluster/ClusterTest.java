package dev.wsjwt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.JwksServer;
import dev.wsjwt.testing.NodeProcess;
import dev.wsjwt.testing.RedisServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two (and, late, three) standalone server processes joined through a real redis-server: what a
 * user sees on many nodes is what they see on one.
 */
class ClusterTest {

    private static final Duration QUIET = Duration.ofMillis(500);

    private static JwksServer jwks;
    private static RedisServer redis;
    private static NodeProcess a;
    private static NodeProcess b;

    @BeforeAll
    static void startCluster() {
        jwks = new JwksServer(TestKeys.jwks(TestKeys.RSA));
        redis = RedisServer.start();
        a = NodeProcess.start("a", nodeSettings());
        b = NodeProcess.start("b", nodeSettings());
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
                "wsjwt.cluster.redis", redis.url());
    }

    private static WsClient user(NodeProcess node, String sub, String... permissions) {
        return WsClient.bearer(node.ws(), TokenBuilder.token(sub).permissions(permissions).sign());
    }

    private static JsonObject payload(String key, String value) {
        return Json.createObjectBuilder().add(key, value).build();
    }

    private static void join(WsClient client, String room) {
        assertEquals("result", client.request("chat.join", payload("room", room)).getString("type"));
    }

    private static JsonObject send(WsClient client, String room, String text) {
        return client.request("chat.send", Json.createObjectBuilder().add("room", room).add("text", text).build());
    }

    @Test
    void deliversAcrossNodesOnceAndOnlyToReaders() throws Exception {
        try (WsClient alice = user(a, "alice", "chat:read", "chat:write");
             WsClient bob = user(b, "bob", "chat:read");
             WsClient carol = user(b, "carol", "chat:read");
             WsClient dave = user(b, "dave", "chat:read")) {
            join(alice, "cross");
            join(bob, "cross");
            join(carol, "cross");
            join(dave, "elsewhere");
            // carol renews with a token that no longer grants chat:read
            assertEquals("result", carol.request("auth",
                    payload("token", TokenBuilder.token("carol").sign())).getString("type"));

            assertEquals("result", send(alice, "cross", "hello from a").getString("type"));

            JsonObject received = bob.next("chat.message").getJsonObject("payload");
            assertEquals("alice", received.getString("from"));
            assertEquals("hello from a", received.getString("text"));
            assertEquals("hello from a", alice.next("chat.message").getJsonObject("payload").getString("text"));
            assertNull(alice.poll(QUIET), "the sender's node delivered it twice");
            assertNull(bob.poll(QUIET), "delivered twice across nodes");
            assertNull(carol.poll(QUIET), "a reader without chat:read received it");
            assertNull(dave.poll(QUIET), "another room received it");
        }
    }

    @Test
    void kickOnOneNodeClosesSessionsOnTheOther() {
        try (WsClient mod = user(a, "mod-k", "chat:moderate");
             WsClient eve = user(b, "eve", "chat:read");
             WsClient frank = user(b, "frank", "chat:read")) {
            assertEquals("result", mod.request("chat.kick", payload("sub", "eve")).getString("type"));
            WsClient.Close close = eve.awaitClose();
            assertEquals(4403, close.code());
            assertEquals("result", frank.request("whoami", null).getString("type"), "another subject was cut off");
        }
    }

    @Test
    void revocationCrossesNodesAndBindsNodesStartedLater() {
        String oldToken = TokenBuilder.token("gina").permissions("chat:read").sign();
        try (WsClient mod = user(a, "mod-r", "sessions:revoke");
             WsClient gina = WsClient.bearer(b.ws(), oldToken);
             WsClient hank = user(b, "hank", "chat:read")) {
            assertEquals("result", mod.request("session.revoke", payload("sub", "gina")).getString("type"));
            assertEquals(4401, gina.awaitClose().code());
            assertEquals("result", hank.request("whoami", null).getString("type"));
        }
        assertEquals(401, WsClient.refused(b.ws(), Map.of("Authorization", "Bearer " + oldToken)).status());
        try (NodeProcess late = NodeProcess.start("late", nodeSettings())) {
            WsClient.Refusal refusal = WsClient.refused(late.ws(), Map.of("Authorization", "Bearer " + oldToken));
            assertEquals(401, refusal.status());
            assertTrue(refusal.wwwAuthenticate().contains("revoked"), refusal.wwwAuthenticate());
            // A token issued in a later second is accepted.
            long revokedSecond = Instant.now().getEpochSecond();
            Await.until(Duration.ofSeconds(3), () -> Instant.now().getEpochSecond() > revokedSecond, "next second");
            try (WsClient fresh = WsClient.bearer(late.ws(), TokenBuilder.token("gina").permissions("chat:read").sign())) {
                assertEquals("gina", fresh.request("whoami", null).getJsonObject("payload").getString("sub"));
            }
        }
    }

    @Test
    void garbageOnTheChannelNeverReachesClients() throws Exception {
        try (WsClient alice = user(a, "alice-g", "chat:read", "chat:write");
             WsClient bob = user(b, "bob-g", "chat:read");
             Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            join(alice, "g");
            join(bob, "g");
            for (String garbage : new String[] {
                    "not json", "[]", "{}", "{\"v\":2,\"node\":\"x\",\"kind\":\"room\"}",
                    "{\"v\":1,\"node\":\"x\",\"kind\":\"unknown\"}",
                    "{\"v\":1,\"node\":\"x\",\"kind\":\"room\",\"room\":\"g\",\"from\":\"x\"}",
                    "{\"v\":1,\"node\":\"x\",\"kind\":\"kick\",\"sub\":\"bob-g\",\"code\":1000,\"reason\":\"x\"}",
                    "{\"v\":1,\"node\":\"x\",\"kind\":\"room\",\"room\":\"g\",\"from\":\"x\",\"text\":\""
                            + "x".repeat(70_000) + "\",\"ts\":1}"}) {
                jedis.publish("wsjwt", garbage);
            }
            assertNull(bob.poll(QUIET), "garbage reached a client");
            assertEquals("result", send(alice, "g", "still here").getString("type"));
            assertEquals("still here", bob.next("chat.message").getJsonObject("payload").getString("text"));
        }
    }

    @Test
    void redisOutageKeepsLocalDeliveryAndRefusesToAcknowledgeRevocation() {
        try (WsClient alice = user(a, "alice-o", "chat:read", "chat:write");
             WsClient bob = user(b, "bob-o", "chat:read");
             WsClient mod = user(a, "mod-o", "sessions:revoke")) {
            join(alice, "o");
            join(bob, "o");
            redis.stop();
            try {
                assertEquals(1, send(alice, "o", "local only").getJsonObject("payload").getInt("delivered"));
                assertEquals("local only", alice.next("chat.message").getJsonObject("payload").getString("text"));
                JsonObject refused = mod.request("session.revoke", payload("sub", "nobody"));
                assertEquals("error", refused.getString("type"));
                assertEquals("internal", refused.getJsonObject("error").getString("code"));
                assertTrue(refused.getJsonObject("error").getString("message").contains("retry"));
            } finally {
                redis.startAgain();
            }
            // Recovery without restart: messages cross again once both nodes have reconnected.
            Await.until(Duration.ofSeconds(30), () -> {
                send(alice, "o", "after");
                try {
                    JsonObject next = bob.poll(Duration.ofMillis(300));
                    return next != null && "chat.message".equals(next.getString("type"));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, "cross-node delivery after Redis came back");
        }
    }
}
