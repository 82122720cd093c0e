package dev.wsjwt.chat;

import static dev.wsjwt.testing.Frames.payload;
import static dev.wsjwt.testing.Frames.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsjwt.Wsjwt;
import dev.wsjwt.testing.Await;
import dev.wsjwt.testing.EmbeddedServer;
import dev.wsjwt.testing.TokenBuilder;
import dev.wsjwt.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand real connections opened and closed, by every route (header and first-message
 * authentication, joining rooms, polite closes and dropped sockets): nothing may be left behind
 * in the registry, the lifetime scheduler or the chat rooms.
 */
class OpenCloseCyclesTest {

    private static final System.Logger LOG = System.getLogger(OpenCloseCyclesTest.class.getName());
    // -Dwsjwt.test.cycles=N to scale it (e.g. while profiling); the contract number is the default.
    private static final int CYCLES = Integer.getInteger("wsjwt.test.cycles", 10_000);
    private static final int THREADS = 8;
    private static final int SUBJECTS = 16;

    @Test
    void tenThousandOpenCloseCyclesLeaveNothingBehind() throws Exception {
        AtomicReference<ChatService> chat = new AtomicReference<>();
        try (EmbeddedServer server = EmbeddedServer.start(Map.of(), wsjwt -> {
            chat.set(new ChatService(wsjwt.sessions()));
            return List.of(chat.get());
        })) {
            // Signing is the slow part of a cycle and not what is under test: sign once per subject.
            List<String> tokens = new ArrayList<>();
            for (int s = 0; s < SUBJECTS; s++) {
                tokens.add(TokenBuilder.token("user" + s).permissions("chat:read").sign());
            }
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        for (int i = thread; i < CYCLES; i += THREADS) {
                            cycle(server, i, tokens.get(i % SUBJECTS));
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.log(System.Logger.Level.INFO, "{0} open/close cycles on {1} threads in {2} ms",
                    CYCLES, THREADS, took.toMillis());

            Wsjwt wsjwt = server.wsjwt();
            Await.until(Duration.ofSeconds(30), () -> wsjwt.sessionManager().registry().size() == 0
                            && wsjwt.sessionManager().registry().subjectCount() == 0
                            && wsjwt.scheduler().pending() == 0
                            && server.wsjwt().groups().groupCount() == 0,
                    () -> "left behind: connections " + wsjwt.sessionManager().registry().size()
                            + ", subjects " + wsjwt.sessionManager().registry().subjectCount()
                            + ", timers " + wsjwt.scheduler().pending()
                            + ", rooms " + server.wsjwt().groups().groupCount());
            LOG.log(System.Logger.Level.INFO, "all released {0} ms after the last cycle",
                    Duration.ofNanos(System.nanoTime() - started).minus(took).toMillis());
            assertEquals(0, wsjwt.sessionManager().registry().size());
            assertEquals(0, wsjwt.sessionManager().registry().subjectCount());
            assertEquals(0, wsjwt.scheduler().pending());
            assertEquals(0, server.wsjwt().groups().groupCount());
        }
    }

    /** One connection's life, its route chosen by {@code i}. */
    private static void cycle(EmbeddedServer server, int i, String token) {
        switch (i % 4) {
            case 0 -> {
                try (WsClient client = WsClient.bearer(server.ws(), token)) {
                    result(client.request("whoami", null));
                }
            }
            case 1 -> {
                try (WsClient client = WsClient.bearer(server.ws(), token)) {
                    result(client.request("chat.join", payload("room", "room" + i % 8)));
                }
            }
            case 2 -> {
                try (WsClient client = WsClient.unauthenticated(server.ws())) {
                    result(client.request("auth", payload("token", token)));
                    result(client.request("chat.join", payload("room", "room" + i % 8)));
                }
            }
            default -> {
                WsClient client = WsClient.bearer(server.ws(), token);
                try {
                    result(client.request("chat.join", payload("room", "room" + i % 8)));
                } finally {
                    client.abort();
                }
            }
        }
    }
}
