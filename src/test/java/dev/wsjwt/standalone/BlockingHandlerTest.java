package dev.wsjwt.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsjwt.config.ServerTuning;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pool-based I/O strategies never run a raw endpoint's handler on the only selector: with
 * one selector loop, a handler that blocks (as a JWKS fetch or a Redis call may) leaves the other
 * connections served. Awaits conditions, never sleeps.
 */
class BlockingHandlerTest {

    private static final long WAIT_SECONDS = 30;

    /** Echoes every text frame, except "block", whose handler waits until released. */
    public static final class Blocking extends Endpoint {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Blocking(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (text.equals("block")) {
                    entered.countDown();
                    try {
                        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                session.getAsyncRemote().sendText(text);
            });
        }
    }

    @ParameterizedTest
    // Not SAME_THREAD: there a raw endpoint's handler runs on the selector itself, by design;
    // wsjwt's dispatcher moves handlers that may block to the pool (SelectorThreadSafetyTest).
    @EnumSource(value = ServerTuning.IoStrategy.class, names = {"LEADER_FOLLOWER", "WORKER"})
    void aBlockedHandlerDoesNotStallOtherConnections(ServerTuning.IoStrategy strategy) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerEndpointConfig.Configurator instances = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> type) {
                return type.cast(new Blocking(entered, release));
            }
        };
        ServerTuning oneSelector = new ServerTuning(strategy, 4, 1);
        try (StandaloneServer server = new StandaloneServer("127.0.0.1", 0, oneSelector)
                .endpoint(ServerEndpointConfig.Builder.create(Blocking.class, "/block").configurator(instances).build())
                .start()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/block");
            Received a = new Received();
            Received b = new Received();
            HttpClient http = HttpClient.newHttpClient();
            WebSocket first = http.newWebSocketBuilder().buildAsync(uri, a).get(WAIT_SECONDS, TimeUnit.SECONDS);
            WebSocket second = http.newWebSocketBuilder().buildAsync(uri, b).get(WAIT_SECONDS, TimeUnit.SECONDS);

            first.sendText("block", true);
            assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the blocking handler never ran");
            second.sendText("ping", true);
            assertEquals("ping", b.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                    "a blocked handler stalled another connection on the same selector");

            release.countDown();
            assertEquals("block", a.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            first.abort();
            second.abort();
        } finally {
            release.countDown();
        }
    }

    private static final class Received implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
