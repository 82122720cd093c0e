package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.dispatch.AnyAuthenticated;
import dev.wsjwt.dispatch.Handles;
import dev.wsjwt.dispatch.NonBlocking;
import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.TestKeys;
import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The standalone default handles frames on the selector thread that read them (same-thread I/O).
 * These pin what keeps that safe, on a server with a single selector, so that anything run on
 * it would hold every connection: a handler that may block runs on the worker pool, a
 * {@link NonBlocking} one on the selector, one connection's replies keep their order across the
 * two, and an upgrade waiting for a JWKS fetch holds no other connection.
 */
class SelectorThreadSafetyTest {

    private static final Map<String, String> ONE_SELECTOR = Map.of("wsjwt.server.selector-threads", "1");
    private static final long WAIT_SECONDS = 30;

    /** Records the thread each handler ran on; {@code block} waits until released. */
    public static final class Probe {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Handles("block")
        @AnyAuthenticated
        public JsonObject block() throws InterruptedException {
            entered.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            return thread();
        }

        @Handles("where.nonblocking")
        @AnyAuthenticated
        @NonBlocking
        public JsonObject nonBlocking() {
            return thread();
        }

        @Handles("where.default")
        @AnyAuthenticated
        public JsonObject mayBlock() {
            return thread();
        }

        private static JsonObject thread() {
            return Json.createObjectBuilder().add("thread", Thread.currentThread().getName()).build();
        }
    }

    @Test
    void aBlockedHandlerHoldsNoOtherConnection() throws Exception {
        Probe probe = new Probe();
        try (EmbeddedServer server = EmbeddedServer.start(ONE_SELECTOR, wsjwt -> List.of(probe));
             WsClient blocked = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign());
             WsClient other = WsClient.bearer(server.ws(), TokenBuilder.token("bob").sign())) {
            blocked.send("block", "b1", null);
            assertTrue(probe.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the blocking handler never ran");

            assertEquals("bob", other.request("whoami", null).getJsonObject("payload").getString("sub"),
                    "a connection on the same selector was not answered while another's handler blocked");

            probe.release.countDown();
            JsonObject reply = blocked.next();
            assertEquals("b1", reply.getString("id"));
            assertTrue(reply.getJsonObject("payload").getString("thread").startsWith("wsjwt-worker"),
                    "a handler that may block ran on " + reply.getJsonObject("payload").getString("thread"));
        } finally {
            probe.release.countDown();
        }
    }

    @Test
    void nonBlockingHandlersRunWhereTheFrameWasReadTheRestOnThePool() {
        try (EmbeddedServer server = EmbeddedServer.start(ONE_SELECTOR, wsjwt -> List.of(new Probe()));
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            String selector = client.request("where.nonblocking", null).getJsonObject("payload").getString("thread");
            String pool = client.request("where.default", null).getJsonObject("payload").getString("thread");
            assertFalse(selector.startsWith("wsjwt-worker"), "@NonBlocking ran on the pool: " + selector);
            assertTrue(pool.startsWith("wsjwt-worker"), "a handler that may block ran on " + pool);
        }
    }

    @Test
    void repliesKeepTheirOrderAcrossThePoolAndTheSelector() throws Exception {
        Probe probe = new Probe();
        try (EmbeddedServer server = EmbeddedServer.start(ONE_SELECTOR, wsjwt -> List.of(probe));
             WsClient client = WsClient.bearer(server.ws(), TokenBuilder.token("alice").sign())) {
            client.send("block", "1", null);
            assertTrue(probe.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the blocking handler never ran");
            // Queued behind the blocked one although each could run on the selector at once.
            client.send("whoami", "2", null);
            client.send("where.nonblocking", "3", null);
            client.sendText("{not json");
            assertEquals(null, client.poll(Duration.ofMillis(300)), "a later message was answered before the blocked one");

            probe.release.countDown();
            assertEquals("1", client.next().getString("id"));
            assertEquals("2", client.next().getString("id"));
            assertEquals("3", client.next().getString("id"));
            assertEquals("bad_request", client.next().getJsonObject("error").getString("code"));
        } finally {
            probe.release.countDown();
        }
    }

    @Test
    void anUpgradeWaitingForKeysHoldsNoOtherConnection() throws Exception {
        Map<String, String> settings = Map.of("wsjwt.server.selector-threads", "1",
                "wsjwt.jwks.min-refresh-interval", "0", "wsjwt.jwks.timeout", "20000");
        try (TestServer server = TestServer.start(settings);
             WsClient other = WsClient.bearer(server.ws(), TokenBuilder.token("bob").sign())) {
            // An unknown kid makes the upgrade fetch the key set again, and the provider now stalls.
            server.jwks().delay(Duration.ofSeconds(8));
            CompletableFuture<WsClient> waiting = WsClient.bearerAsync(server.ws(),
                    TokenBuilder.token("carol").signedWith(TestKeys.RSA_OTHER, "RS256").sign());
            Await.until(Duration.ofSeconds(WAIT_SECONDS), () -> server.jwks().hits() >= 2, "the upgrade never asked for the keys again");

            assertEquals("bob", other.request("whoami", null).getJsonObject("payload").getString("sub"));
            assertFalse(waiting.isDone(), "the stalled upgrade finished first: this proves nothing");
            waiting.thenAccept(WsClient::close);
        }
    }
}
