package dev.wsjwt.session;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A session kept in step with its token: expiry warning, in-band renewal, expiry, refused re-auth. */
class LifetimeTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("mp.jwt.verify.clock.skew", "0", "wsjwt.session.expiry-warning", "2"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void warnedSessionRenewsInBandAndOutlivesItsFirstToken() {
        TokenBuilder first = TokenBuilder.token("alice").permissions("chat:read").expiresIn(4);
        try (WsClient client = WsClient.bearer(server.ws(), first.sign())) {
            JsonObject warning = client.next("auth.expiring").getJsonObject("payload");
            assertEquals(first.expiresAt(), warning.getJsonNumber("exp").longValueExact());
            long in = warning.getJsonNumber("in").longValueExact();
            assertTrue(in >= 0 && in <= 2, warning::toString);

            TokenBuilder renewed = TokenBuilder.token("alice").permissions("chat:read").expiresIn(7);
            JsonObject reply = result(client.request("auth", payload("token", renewed.sign())));
            assertEquals(renewed.expiresAt(), reply.getJsonNumber("exp").longValueExact());

            Await.until(Duration.ofSeconds(10), () -> Instant.now().getEpochSecond() > first.expiresAt() + 1,
                    "the first token's exp to pass");
            JsonObject who = result(client.request("whoami", null));
            assertEquals(renewed.expiresAt(), who.getJsonNumber("exp").longValueExact());
            assertFalse(client.isClosed());

            Frames.closed(client.awaitClose(), 4401, "token expired");
            assertTrue(Instant.now().getEpochSecond() >= renewed.expiresAt(), "closed before the renewed exp");
        }
    }

    @Test
    void aSessionHoldsOneTimerAtATimeAndIsStillWarnedThenClosed() {
        TokenBuilder token = TokenBuilder.token("timed").expiresIn(4);
        LifetimeScheduler scheduler = server.app().wsjwt().scheduler();
        Await.until(Duration.ofSeconds(10), () -> scheduler.pending() == 0, "no timers left from other tests");
        try (WsClient client = WsClient.bearer(server.ws(), token.sign())) {
            assertEquals("timed", result(client.request("whoami", null)).getString("sub"));
            assertEquals(1, scheduler.pending(), "the warning only, not the warning and the close");
            client.next("auth.expiring");
            Await.until(Duration.ofSeconds(5), () -> scheduler.pending() == 1, "the close, scheduled by the warning");
            Frames.closed(client.awaitClose(), 4401, "token expired");
            assertTrue(Instant.now().getEpochSecond() >= token.expiresAt(), "closed before exp");
            Await.until(Duration.ofSeconds(5), () -> scheduler.pending() == 0, "no timer left after the close");
        }
    }

    @Test
    void expiredSessionCloses4401() {
        try (WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("expiring").expiresIn(2).sign())) {
            Frames.closed(client.awaitClose(), 4401, "token expired");
            Await.until(Duration.ofSeconds(5),
                    () -> server.app().wsjwt().sessionManager().registry().bySubject("expiring").isEmpty(),
                    "the expired connection leaves the registry");
        }
    }

    @Test
    void reauthenticationWithAnotherSubjectCloses4401() {
        try (WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            client.send("auth", "swap", payload("token", TokenBuilder.token("mallory").sign()));
            Frames.closed(client.awaitClose(), 4401, "re-authentication with another subject");
        }
    }

    @Test
    void reauthenticationWithGarbageCloses4401WithAReason() {
        try (WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            client.send("auth", "junk", payload("token", "not.a.token"));
            WsClient.Close close = client.awaitClose();
            assertEquals(4401, close.code());
            assertFalse(close.reason().isBlank(), close::toString);
            assertFalse(close.reason().contains("not.a.token"), close::toString);
        }
    }

    @Test
    void reauthenticationWithFewerPermissionsIsEnforcedOnTheNextMessage() {
        try (WsClient client = WsClient.bearer(server.ws(),
                TokenBuilder.token("alice").permissions("chat:read", "chat:write").sign())) {
            result(client.request("chat.send", payload("room", "r", "text", "before")));
            result(client.request("auth", payload("token", TokenBuilder.token("alice").permissions("chat:read").sign())));
            error(client.request("chat.send", payload("room", "r", "text", "after")), "forbidden");
            assertEquals("alice", result(client.request("whoami", null)).getString("sub"));
        }
    }
}
