package dev.wsjwt.dispatch;

import static dev.wsjwt.testing.Frames.error;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.Frames;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final int BURST = 3;

    @Test
    void floodIsRefusedThenClosed4429WhileOtherSessionsAreServed() {
        try (TestServer server = TestServer.start(Map.of(
                "wsjwt.rate.per-second", "1", "wsjwt.rate.burst", String.valueOf(BURST), "wsjwt.rate.max-violations", "20"));
             WsClient flooder = WsClient.bearer(server.ws(), TokenBuilder.token("mallory").sign());
             WsClient neighbour = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {

            int flood = BURST + 5;
            for (int i = 0; i < flood; i++) {
                flooder.send("whoami", "f" + i, null);
            }
            List<JsonObject> replies = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                replies.add(flooder.next());
            }
            for (int i = 0; i < BURST; i++) {
                assertEquals("f" + i, replies.get(i).getString("id"));
                result(replies.get(i));
            }
            List<JsonObject> refused = replies.stream()
                    .filter(reply -> "error".equals(reply.getString("type"))).toList();
            assertTrue(refused.size() >= 1, () -> "no rate_limited among " + replies);
            refused.forEach(reply -> error(reply, "rate_limited"));

            assertEquals("alice", result(neighbour.request("whoami", null)).getString("sub"));

            // Persistent abuse: one refused message after another (each reply awaited, so the
            // client is never writing when the close arrives) until the server gives up.
            for (int i = 0; i < 1_000; i++) {
                flooder.send("whoami", "g" + i, null);
                Optional<JsonObject> reply = flooder.nextUnlessClosed();
                if (reply.isEmpty()) {
                    break;
                }
                // A token may trickle in at one per second: a result then and again is fair.
                if (!"result".equals(reply.get().getString("type"))) {
                    error(reply.get(), "rate_limited");
                }
            }
            Frames.closed(flooder.awaitClose(), 4429, "message rate limit exceeded persistently");
            assertEquals("alice", result(neighbour.request("whoami", null)).getString("sub"));
        }
    }

    @Test
    void binaryFramesCountAgainstTheSameLimitAndAFloodIsClosed4429() {
        try (TestServer server = TestServer.start(Map.of(
                "wsjwt.rate.per-second", "1", "wsjwt.rate.burst", String.valueOf(BURST), "wsjwt.rate.max-violations", "20"));
             WsClient flooder = WsClient.bearer(server.ws(), TokenBuilder.token("mallory").sign())) {
            for (int i = 0; i < BURST; i++) {
                flooder.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }
            for (int i = 0; i < BURST; i++) {
                error(flooder.next(), "bad_request");
            }
            // The burst is spent by binary frames: the next text message is refused too.
            error(flooder.request("whoami", null), "rate_limited");
            // Each reply awaited, so the client is never writing when the close arrives.
            for (int i = 0; i < 1_000; i++) {
                flooder.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                Optional<JsonObject> reply = flooder.nextUnlessClosed();
                if (reply.isEmpty()) {
                    break;
                }
                if (!"bad_request".equals(reply.get().getJsonObject("error").getString("code"))) {
                    error(reply.get(), "rate_limited");
                }
            }
            Frames.closed(flooder.awaitClose(), 4429, "message rate limit exceeded persistently");
        }
    }

    @Test
    void binaryFirstMessageOfAnUnauthenticatedConnectionCloses4401() {
        try (TestServer server = TestServer.start();
             WsClient anonymous = WsClient.unauthenticated(server.ws())) {
            anonymous.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            Frames.closed(anonymous.awaitClose(), 4401, "the first message must be auth");
            Await.until(WsClient.TIMEOUT, () -> server.app().wsjwt().sessionManager().registry().size() == 0, "connection forgotten");
        }
    }
}
