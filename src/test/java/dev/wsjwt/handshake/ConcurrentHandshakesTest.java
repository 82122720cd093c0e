package dev.wsjwt.handshake;

import static dev.wsjwt.testing.TokenBuilder.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.testing.TestServer;
import dev.wsjwt.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many upgrades at once with different tokens: each connection sees only its own principal. */
class ConcurrentHandshakesTest {

    private static final int CONNECTIONS = 200;
    private static final int THREADS = 32;

    @Test
    void eachOf200ConcurrentHandshakesSeesOnlyItsOwnSubject() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            tokens.add(token("user-" + i).permissions("p-" + i).sign());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TestServer server = TestServer.start()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonObject>> replies = new ArrayList<>();
            for (String token : tokens) {
                replies.add(pool.submit(() -> {
                    assertTrue(start.await(30, TimeUnit.SECONDS), "start signal");
                    try (WsClient client = WsClient.bearer(server.ws(), token)) {
                        return client.request("whoami", null);
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < CONNECTIONS; i++) {
                JsonObject reply = replies.get(i).get(60, TimeUnit.SECONDS);
                assertEquals("result", reply.getString("type"), reply::toString);
                JsonObject payload = reply.getJsonObject("payload");
                assertEquals("user-" + i, payload.getString("sub"), payload::toString);
                assertEquals(List.of("p-" + i), payload.getJsonArray("permissions").getValuesAs(jakarta.json.JsonString::getString));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "client threads stopped");
        }
    }
}
