package dev.wsjwt.chat;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.Frames;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo chat of the contract, over real clients and the real standalone server. */
class ChatTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // Generous rate limits: the broadcast test sends a hundred messages as fast as it can.
        server = TestServer.start(Map.of("wsjwt.rate.per-second", "10000", "wsjwt.rate.burst", "10000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient connect(String sub, String... permissions) {
        return WsClient.bearer(server.ws(), TokenBuilder.token(sub).permissions(permissions).sign());
    }

    private static void join(WsClient client, String room) {
        assertEquals(room, result(client.request("chat.join", payload("room", room))).getString("room"));
    }

    private static JsonObject send(WsClient client, String room, String text) {
        return client.request("chat.send", payload("room", room, "text", text));
    }

    private static void assertChatMessage(JsonObject frame, String room, String from, String text) {
        assertEquals("chat.message", frame.getString("type"), frame::toString);
        JsonObject message = frame.getJsonObject("payload");
        assertEquals(room, message.getString("room"));
        assertEquals(from, message.getString("from"));
        assertEquals(text, message.getString("text"));
        assertTrue(message.getJsonNumber("ts").longValueExact() > 0, message::toString);
    }

    /** A server-initiated close releases the connections like a client's close does. */
    private static void awaitForgotten(String sub) {
        Await.until(Duration.ofSeconds(5),
                () -> server.app().wsjwt().sessionManager().registry().bySubject(sub).isEmpty(),
                sub + "'s closed connections leave the registry");
    }

    @Test
    void roomMembersWithReadReceiveMessagesAndPermissionsAreEnforced() {
        try (WsClient alice = connect("alice", "chat:read", "chat:write");
             WsClient bob = connect("bob", "chat:read");
             WsClient carol = connect("carol", "chat:read", "chat:write");
             WsClient mallory = connect("mallory")) {
            join(alice, "r");
            join(bob, "r");
            join(carol, "elsewhere");

            assertEquals(2, result(send(alice, "r", "hello")).getInt("delivered"));
            assertChatMessage(alice.next("chat.message"), "r", "alice", "hello");
            assertChatMessage(bob.next(), "r", "alice", "hello");

            error(send(bob, "r", "let me in"), "forbidden");
            error(mallory.request("chat.join", payload("room", "r")), "forbidden");
            error(send(mallory, "r", "spam"), "forbidden");

            // carol's first frame is her own room's message: nothing of room r reached her.
            assertEquals(1, result(send(carol, "elsewhere", "hi")).getInt("delivered"));
            assertChatMessage(carol.next(), "elsewhere", "carol", "hi");
            assertFalse(bob.isClosed() || mallory.isClosed());
        }
    }

    @Test
    void readerThatReauthenticatesWithoutReadStopsReceiving() {
        try (WsClient alice = connect("alice", "chat:read", "chat:write");
             WsClient bob = connect("bob", "chat:read")) {
            join(alice, "r2");
            join(bob, "r2");
            String downgraded = TokenBuilder.token("bob").permissions("profile:read").sign();
            result(bob.request("auth", payload("token", downgraded)));

            assertEquals(1, result(send(alice, "r2", "for readers only")).getInt("delivered"));
            // A push to bob was queued before alice's reply, so before this one: his next frame is the reply.
            bob.send("whoami", "after", null);
            JsonObject who = bob.next();
            assertEquals("after", who.getString("id", null), who::toString);
            assertEquals(List.of("profile:read"), result(who).getJsonArray("permissions").getValuesAs(
                    jakarta.json.JsonString::getString));
        }
    }

    @Test
    void membersClosingMidBroadcastDoNotDisturbTheSenderOrTheOthers() throws Exception {
        int messages = 100;
        List<WsClient> victims = new ArrayList<>();
        try (WsClient alice = connect("alice", "chat:read", "chat:write");
             WsClient bob = connect("bob", "chat:read");
             WsClient carol = connect("carol", "chat:read")) {
            for (int i = 0; i < 8; i++) {
                WsClient victim = connect("victim" + i, "chat:read");
                victims.add(victim);
                join(victim, "busy");
            }
            join(alice, "busy");
            join(bob, "busy");
            join(carol, "busy");

            CountDownLatch underway = new CountDownLatch(10);
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                try {
                    assertTrue(underway.await(30, TimeUnit.SECONDS), "broadcast never got underway");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < victims.size(); i++) {
                    if (i % 2 == 0) {
                        victims.get(i).abort();
                    } else {
                        victims.get(i).close();
                    }
                }
            });
            for (int i = 0; i < messages; i++) {
                JsonObject delivered = result(send(alice, "busy", "m" + i));
                assertTrue(delivered.getInt("delivered") >= 3, delivered::toString);
                underway.countDown();
            }
            closer.get(30, TimeUnit.SECONDS);
            for (WsClient reader : List.of(alice, bob, carol)) {
                for (int i = 0; i < messages; i++) {
                    assertChatMessage(reader.next("chat.message"), "busy", "alice", "m" + i);
                }
            }
            // And the room still works after the dust settles.
            assertEquals(3, result(send(alice, "busy", "after")).getInt("delivered"));
            assertChatMessage(bob.next(), "busy", "alice", "after");
        } finally {
            victims.forEach(WsClient::close);
        }
    }

    @Test
    void kickClosesEverySessionOfTheSubjectWith4403() {
        try (WsClient moderator = connect("mod", "chat:moderate");
             WsClient bob1 = connect("bob", "chat:read");
             WsClient bob2 = connect("bob", "chat:read");
             WsClient carol = connect("carol", "chat:read")) {
            error(carol.request("chat.kick", payload("sub", "bob")), "forbidden");

            assertEquals(2, result(moderator.request("chat.kick", payload("sub", "bob"))).getInt("closed"));
            Frames.closed(bob1.awaitClose(), 4403, "kicked by a moderator");
            Frames.closed(bob2.awaitClose(), 4403, "kicked by a moderator");
            awaitForgotten("bob");
            assertEquals("carol", result(carol.request("whoami", null)).getString("sub"));
            assertEquals("mod", result(moderator.request("whoami", null)).getString("sub"));
        }
    }

    @Test
    void revokeClosesOnlyThatSubjectWith4401AndRefusesItsEarlierTokens() {
        String oldToken = TokenBuilder.token("alice").permissions("chat:read").sign();
        try (WsClient admin = connect("admin", "sessions:revoke");
             WsClient alice1 = WsClient.bearer(server.ws(), oldToken);
             WsClient alice2 = WsClient.bearer(server.ws(), oldToken);
             WsClient bob = connect("bob", "chat:read")) {
            error(bob.request("session.revoke", payload("sub", "alice")), "forbidden");

            assertEquals(2, result(admin.request("session.revoke", payload("sub", "alice"))).getInt("closed"));
            long revokedBy = Instant.now().getEpochSecond();
            Frames.closed(alice1.awaitClose(), 4401, "session revoked");
            Frames.closed(alice2.awaitClose(), 4401, "session revoked");
            awaitForgotten("alice");
            assertEquals("bob", result(bob.request("whoami", null)).getString("sub"));

            WsClient.Refusal refusal = WsClient.refused(server.ws(), Map.of("Authorization", "Bearer " + oldToken));
            assertEquals(401, refusal.status());
            assertTrue(refusal.wwwAuthenticate().contains("token revoked"), refusal.wwwAuthenticate());

            // A token issued in a later second than the revocation is the subject's way back in.
            Await.until(Duration.ofSeconds(3), () -> Instant.now().getEpochSecond() > revokedBy,
                    "the second after the revocation");
            try (WsClient back = connect("alice", "chat:read")) {
                assertEquals("alice", result(back.request("whoami", null)).getString("sub"));
            }
        }
    }
}
